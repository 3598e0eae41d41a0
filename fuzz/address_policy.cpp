// The callback address checks (src/webhooks/address_policy.*): a host is classified the way the
// resolver and libcurl will read it. Every address inet_pton reads is a literal of the same class
// as the socket address the connection-time check sees, and a live callback never passes for a
// loopback, private, link-local or reserved literal.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>

#include "fuzz_check.hpp"
#include "webhooks/address_policy.hpp"

using namespace tender;
using webhooks::AddressClass;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string host(fuzz::as_text(data, size));
  bool literal = false;
  const AddressClass c = webhooks::classify_literal(host, &literal);
  const bool has_nul = host.find('\0') != std::string::npos;

  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  if (!has_nul && inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    FUZZ_CHECK(literal && c == webhooks::classify(reinterpret_cast<const sockaddr*>(&v4)));
  }
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  if (!has_nul && inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    FUZZ_CHECK(literal && c == webhooks::classify(reinterpret_cast<const sockaddr*>(&v6)));
  }

  const webhooks::AddressPolicy strict{false}, open{true};
  const std::string live = webhooks::refused_host_reason(strict, host, false);
  const std::string test = webhooks::refused_host_reason(strict, host, true);
  FUZZ_CHECK(webhooks::refused_host_reason(open, host, false).empty());
  if (literal && c != AddressClass::public_address) FUZZ_CHECK(!live.empty());
  if (!test.empty()) FUZZ_CHECK(!live.empty());  // test mode never refuses what live allows
  FUZZ_CHECK(!webhooks::to_string(c).empty());
  return 0;
}
