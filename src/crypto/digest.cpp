#include "crypto/digest.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/crypto_error.hpp"
#include "crypto/openssl_handles.hpp"

namespace tender::crypto {
namespace {

constexpr std::size_t kSha256Size = 32;

// Fetching the HMAC implementation is costly, the fetched object is immutable and OpenSSL
// allows sharing it between threads, so fetch once per process.
EVP_MAC* hmac_algorithm() {
  static const detail::EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) throw_openssl_error("hmac_sha256: HMAC unavailable");
  return mac.get();
}

}  // namespace

std::string sha256(std::string_view data) {
  std::string out(kSha256Size, '\0');
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), detail::bytes_of(out), &len, EVP_sha256(), nullptr) != 1)
    throw_openssl_error("sha256");
  return out;
}

std::string sha256_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string digest = sha256(data);
  std::string out;
  out.reserve(2 * digest.size());
  for (const unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  const detail::EvpMacCtxPtr ctx(EVP_MAC_CTX_new(hmac_algorithm()));
  if (!ctx) throw_openssl_error("hmac_sha256: EVP_MAC_CTX_new");
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  // A non-null pointer even for an empty key: a null key means "keep the previous key".
  static const unsigned char kEmpty = 0;
  const unsigned char* key_bytes = key.empty() ? &kEmpty : detail::bytes_of(key);
  if (EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), detail::bytes_of(data), data.size()) != 1)
    throw_openssl_error("hmac_sha256");
  std::string out(kSha256Size, '\0');
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), detail::bytes_of(out), &len, out.size()) != 1)
    throw_openssl_error("hmac_sha256");
  out.resize(len);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tender::crypto
