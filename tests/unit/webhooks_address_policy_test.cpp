// address_policy.cpp: every way of writing a loopback, private or link-local address, as the
// resolver and libcurl read a host, is classified as what it reaches.
#include "webhooks/address_policy.hpp"

#include <gtest/gtest.h>

namespace tender::webhooks {
namespace {

AddressClass literal(std::string_view host) {
  bool is_literal = false;
  auto c = classify_literal(host, &is_literal);
  EXPECT_TRUE(is_literal) << host;
  return c;
}

TEST(AddressPolicy, IPv4LiteralFormsTheResolverAccepts) {
  for (auto host : {"127.0.0.1", "127.1", "0x7f.1", "0177.0.0.1", "2130706433", "0x7f000001"})
    EXPECT_EQ(literal(host), AddressClass::loopback) << host;
  EXPECT_EQ(literal("0xa9fea9fe"), AddressClass::link_local);  // 169.254.169.254
  EXPECT_EQ(literal("169.254.169.254"), AddressClass::link_local);
  EXPECT_EQ(literal("10.1"), AddressClass::private_address);
  EXPECT_EQ(literal("0"), AddressClass::unspecified);
  EXPECT_EQ(literal("93.184.215.14"), AddressClass::public_address);
}

TEST(AddressPolicy, IPv6FormsThatCarryAnIPv4Address) {
  EXPECT_EQ(literal("[::1]"), AddressClass::loopback);
  EXPECT_EQ(literal("::ffff:127.0.0.1"), AddressClass::loopback);
  EXPECT_EQ(literal("::127.0.0.1"), AddressClass::loopback);             // IPv4-compatible
  EXPECT_EQ(literal("64:ff9b::a9fe:a9fe"), AddressClass::link_local);    // NAT64 of 169.254.169.254
  EXPECT_EQ(literal("64:ff9b:1::7f00:1"), AddressClass::loopback);        // local-use NAT64
  EXPECT_EQ(literal("2002:0a00:0001::1"), AddressClass::private_address); // 6to4 of 10.0.0.1
  EXPECT_EQ(literal("64:ff9b::5db8:d70e"), AddressClass::public_address); // NAT64 of a public address
  EXPECT_EQ(literal("2606:2800:220:1::1"), AddressClass::public_address);
}

TEST(AddressPolicy, HostNamesAreNotLiterals) {
  bool is_literal = true;
  EXPECT_EQ(classify_literal("example.com", &is_literal), AddressClass::public_address);
  EXPECT_FALSE(is_literal);
}

TEST(AddressPolicy, LiveCallbacksAreRefusedEveryPrivateForm) {
  const AddressPolicy policy{};
  for (auto host : {"127.1", "0x7f.1", "2130706433", "0177.0.0.1", "0xa9fea9fe", "localhost", "[::ffff:10.0.0.1]", "64:ff9b::a9fe:a9fe"}) {
    EXPECT_FALSE(refused_host_reason(policy, host, false).empty()) << host;
  }
  EXPECT_TRUE(refused_host_reason(policy, "127.1", true).empty()) << "test mode may call loopback";
  EXPECT_FALSE(refused_host_reason(policy, "0xa9fea9fe", true).empty()) << "never the metadata service";
  EXPECT_TRUE(refused_host_reason(policy, "shop.example.com", false).empty());
}

}  // namespace
}  // namespace tender::webhooks
