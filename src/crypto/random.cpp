#include "crypto/random.hpp"

#include <algorithm>
#include <climits>
#include <string_view>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/crypto_error.hpp"
#include "crypto/openssl_handles.hpp"

namespace tender::crypto {
namespace {

// n characters drawn uniformly from alphabet. A byte is used only if it is below the largest
// multiple of the alphabet size, so `byte % size` has no modulo bias (rejection sampling).
std::string random_from_alphabet(std::size_t n, std::string_view alphabet) {
  const std::size_t limit = 256 - 256 % alphabet.size();
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    // Few bytes are rejected (3% for base62, 2% for digits), so a small surplus nearly always
    // finishes in one round.
    const std::size_t missing = n - out.size();
    std::string pool = random_bytes(missing + missing / 16 + 8);
    for (const unsigned char b : pool) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == n) break;
    }
    OPENSSL_cleanse(pool.data(), pool.size());  // the pool determined the secret
  }
  return out;
}

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  // RAND_bytes takes an int count.
  constexpr std::size_t kMaxChunk = INT_MAX;
  for (std::size_t done = 0; done < n;) {
    const std::size_t chunk = std::min(n - done, kMaxChunk);
    if (RAND_bytes(detail::bytes_of(out) + done, static_cast<int>(chunk)) != 1)
      throw_openssl_error("random_bytes: RAND_bytes failed");
    done += chunk;
  }
  return out;
}

std::string random_token(std::size_t n_chars) {
  return random_from_alphabet(n_chars, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}

std::string random_digits(std::size_t n) { return random_from_alphabet(n, "0123456789"); }

}  // namespace tender::crypto
