#include "crypto/password_hash.hpp"

#include <sodium.h>

#include <cstring>
#include <mutex>

#include "crypto/crypto_error.hpp"

namespace tender::crypto {

namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw CryptoError("libsodium could not be initialized");
  });
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  if (password.size() > kMaxPasswordBytes) throw CryptoError("password too long");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw CryptoError("password hashing ran out of memory");
  return std::string(out);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  ensure_sodium();
  if (password.size() > kMaxPasswordBytes || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  char stored[crypto_pwhash_STRBYTES] = {};
  std::memcpy(stored, encoded.data(), encoded.size());
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

}  // namespace tender::crypto
