#include "crypto/crypto_error.hpp"

#include <openssl/err.h>

namespace tender::crypto {

void throw_openssl_error(std::string_view what) {
  std::string message(what);
  // The earliest entry is usually the root cause; later ones are callers reporting it.
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  throw CryptoError(message);
}

}  // namespace tender::crypto
