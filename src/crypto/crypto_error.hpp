#pragma once
// The one error type of tender::crypto, plus a helper that folds OpenSSL's error queue into it.
#include <stdexcept>
#include <string>
#include <string_view>

namespace tender::crypto {

// Thrown for misuse (bad key, bad size), OpenSSL failures and unusable secret files. A failed
// integrity check (bad signature, tampered ciphertext) is not an error: it is a false/nullopt.
class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws CryptoError("<what>: <OpenSSL reason>") and empties OpenSSL's thread-local error queue
// so a stale entry cannot be blamed on a later, unrelated call.
[[noreturn]] void throw_openssl_error(std::string_view what);

}  // namespace tender::crypto
