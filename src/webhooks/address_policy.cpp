#include "webhooks/address_policy.hpp"

#include <arpa/inet.h>
#include <boost/url/parse.hpp>
#include <netinet/in.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace tender::webhooks {

namespace {

AddressClass classify_v4(std::uint32_t host_order) {
  const std::uint8_t a = host_order >> 24, b = (host_order >> 16) & 0xff;
  if (a == 127) return AddressClass::loopback;
  if (a == 0) return AddressClass::unspecified;  // 0.0.0.0/8 reaches this host on Linux
  if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) return AddressClass::private_address;
  if (a == 100 && b >= 64 && b <= 127) return AddressClass::private_address;  // carrier-grade NAT
  if (a == 169 && b == 254) return AddressClass::link_local;                  // cloud metadata lives here
  if (a >= 224) return AddressClass::unspecified;                            // multicast, reserved, broadcast
  return AddressClass::public_address;
}

std::uint32_t v4_at(const std::uint8_t* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

AddressClass classify_v6(const in6_addr& a) {
  const std::uint8_t* b = a.s6_addr;
  static const std::uint8_t zeros[16] = {};
  if (std::memcmp(b, zeros, 15) == 0) return b[15] == 1 ? AddressClass::loopback : AddressClass::unspecified;
  // IPv6 forms that carry an IPv4 address a gateway or the kernel reaches: classify that address.
  // IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d.
  static const std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, mapped, 12) == 0 || std::memcmp(b, zeros, 12) == 0) return classify_v4(v4_at(b + 12));
  // NAT64: the well-known prefix 64:ff9b::/96 and the local-use 64:ff9b:1::/48 (RFC 8215).
  static const std::uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  static const std::uint8_t nat64_local[6] = {0, 0x64, 0xff, 0x9b, 0, 1};
  if (std::memcmp(b, nat64, 12) == 0 || std::memcmp(b, nat64_local, 6) == 0) return classify_v4(v4_at(b + 12));
  // 6to4 (2002::/16) carries its relay's IPv4 address in bytes 2..5.
  if (b[0] == 0x20 && b[1] == 0x02) return classify_v4(v4_at(b + 2));
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::private_address;           // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::link_local;  // fe80::/10
  if (b[0] == 0xff) return AddressClass::unspecified;                         // multicast
  return AddressClass::public_address;
}

}  // namespace

std::string_view to_string(AddressClass c) {
  switch (c) {
    case AddressClass::public_address: return "public";
    case AddressClass::loopback: return "loopback";
    case AddressClass::private_address: return "private";
    case AddressClass::link_local: return "link-local";
    case AddressClass::unspecified: return "unspecified/reserved";
  }
  return "unknown";
}

AddressClass classify(const sockaddr* address) {
  if (!address) return AddressClass::unspecified;
  if (address->sa_family == AF_INET) {
    return classify_v4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) return classify_v6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  return AddressClass::unspecified;
}

AddressClass classify_literal(std::string_view host, bool* is_literal) {
  std::string h(host);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  in_addr v4{};
  in6_addr v6{};
  // inet_aton, not inet_pton: it reads every form the resolver and libcurl accept for a host
  // ("127.1", "0x7f.1", "0177.0.0.1", "2130706433"), so none of them passes as a host name.
  if (inet_aton(h.c_str(), &v4) != 0) {
    if (is_literal) *is_literal = true;
    return classify_v4(ntohl(v4.s_addr));
  }
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (is_literal) *is_literal = true;
    return classify_v6(v6);
  }
  if (is_literal) *is_literal = false;
  return AddressClass::public_address;
}

std::string refused_url_reason(const AddressPolicy& policy, std::string_view url, bool is_test) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return {};  // its form is the dialect's check
  return refused_host_reason(policy, parsed->host(), is_test);
}

AddressPolicy address_policy_from_env() {
  const char* v = std::getenv("TENDER_ALLOW_PRIVATE_CALLBACKS");
  return AddressPolicy{v != nullptr && std::strcmp(v, "1") == 0};
}

std::string refused_host_reason(const AddressPolicy& policy, std::string_view host, bool is_test) {
  std::string lower(host);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  bool literal = false;
  AddressClass c = classify_literal(lower, &literal);
  if (!literal && (lower == "localhost" || lower.ends_with(".localhost"))) c = AddressClass::loopback;
  if (policy.allowed(c, is_test)) return {};
  return "Callback URLs may not point at " + std::string(to_string(c)) + " addresses" +
         (is_test ? "" : " in live mode") + ".";
}

}  // namespace tender::webhooks
