#pragma once
// Owning smart pointers for the OpenSSL objects tender::crypto uses, so every early return or
// throw frees them. Internal to src/crypto/; other code should not need raw OpenSSL.
#include <memory>
#include <string>
#include <string_view>

#include <openssl/bio.h>
#include <openssl/evp.h>

namespace tender::crypto::detail {

template <auto Free>
struct OpenSslFree {
  template <typename T>
  void operator()(T* p) const noexcept { Free(p); }
};

using BioPtr = std::unique_ptr<BIO, OpenSslFree<BIO_free_all>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslFree<EVP_MD_CTX_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpenSslFree<EVP_CIPHER_CTX_free>>;
using EvpMacPtr = std::unique_ptr<EVP_MAC, OpenSslFree<EVP_MAC_free>>;
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OpenSslFree<EVP_MAC_CTX_free>>;

// OpenSSL APIs take unsigned char*; our byte strings are std::string.
inline const unsigned char* bytes_of(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}
inline unsigned char* bytes_of(std::string& s) noexcept {
  return reinterpret_cast<unsigned char*>(s.data());
}

}  // namespace tender::crypto::detail
