#pragma once
// Password hashing for people (portal users): Argon2id from libsodium (crypto_pwhash_str), with
// libsodium's "interactive" cost. The hash string carries its own salt and parameters, so stored
// hashes keep verifying when the cost is raised later.
#include <string>
#include <string_view>

namespace tender::crypto {

inline constexpr std::size_t kMaxPasswordBytes = 1024;  // longer input is refused, not truncated

// The encoded Argon2id hash ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"). Throws CryptoError on
// an out-of-memory failure of the hash itself.
std::string hash_password(std::string_view password);
// True when `password` matches `encoded`; false for a malformed hash or an over-long password.
bool verify_password(std::string_view encoded, std::string_view password);

}  // namespace tender::crypto
