#pragma once
// Unpredictable values from OpenSSL's CSPRNG (RAND_bytes). Every function throws CryptoError
// if the generator fails; none ever falls back to a weaker source.
#include <cstddef>
#include <string>

namespace tender::crypto {

// n raw random bytes (keys, nonces, salts).
std::string random_bytes(std::size_t n);

// n characters from [0-9A-Za-z], uniformly distributed (about 5.95 bits each), for API keys
// and other secrets that must survive URLs, headers and copy-paste.
std::string random_token(std::size_t n_chars);

// n decimal digits, uniformly distributed, for authorization codes, STAN and RRN. Leading zeros
// are kept: the result is a string, not a number.
std::string random_digits(std::size_t n);

}  // namespace tender::crypto
