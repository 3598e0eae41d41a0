#pragma once
// Which network addresses a callback may be delivered to. Without this a merchant (or anyone
// holding a key) could make Tender POST to its own loopback services or a cloud metadata
// endpoint. Checked on the address curl is about to connect to (after DNS), so a name that
// resolves somewhere private is caught too.
#include <string>
#include <string_view>
#include <sys/socket.h>

namespace tender::webhooks {

enum class AddressClass { public_address, loopback, private_address, link_local, unspecified };

std::string_view to_string(AddressClass c);

// The class of a socket address; nullptr and unknown families are `unspecified` (refused unless
// everything is allowed).
AddressClass classify(const sockaddr* address);
// The class of an IPv4 or IPv6 literal (brackets allowed). Host names are not resolved here:
// they give `public_address` with *is_literal = false.
AddressClass classify_literal(std::string_view host, bool* is_literal);

struct AddressPolicy {
  bool allow_private = false;  // TENDER_ALLOW_PRIVATE_CALLBACKS=1: every class allowed
  // Test objects may call loopback (local development); live objects never, unless allow_private.
  bool allowed(AddressClass c, bool is_test) const {
    if (c == AddressClass::public_address || allow_private) return true;
    return is_test && c == AddressClass::loopback;
  }
};

// The policy from the environment (TENDER_ALLOW_PRIVATE_CALLBACKS).
AddressPolicy address_policy_from_env();

// A message for a refused callback URL at creation time, or "" when the URL's host is fine as
// far as can be told without DNS (literals and "localhost" are checked here, names at delivery).
std::string refused_host_reason(const AddressPolicy& policy, std::string_view host, bool is_test);
// The same for a whole http(s) URL (success_callback, S2S webhook_url): "" when it may be called.
std::string refused_url_reason(const AddressPolicy& policy, std::string_view url, bool is_test);

}  // namespace tender::webhooks
