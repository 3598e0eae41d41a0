#include "crypto/rsa_key.hpp"

#include <climits>
#include <optional>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "crypto/base64.hpp"
#include "crypto/crypto_error.hpp"

namespace tender::crypto {
namespace {

constexpr int kMinBits = 2048;
constexpr int kMaxBits = 16384;

// Without a callback, OpenSSL would prompt on the terminal for an encrypted key's passphrase;
// we have none, so decline and let parsing fail.
int no_passphrase(char*, int, int, void*) { return 0; }

detail::BioPtr read_bio(const std::string& pem) {
  if (pem.size() > INT_MAX) throw CryptoError("PEM too large");
  detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw_openssl_error("BIO_new_mem_buf");
  return bio;
}

// The bytes written to a memory BIO.
std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// Refuses anything but RSA with a sound modulus size.
void require_rsa(EVP_PKEY* key, std::string_view what) {
  if (EVP_PKEY_is_a(key, "RSA") != 1) throw CryptoError(std::string(what) + ": key is not RSA");
  if (EVP_PKEY_get_bits(key) < kMinBits)
    throw CryptoError(std::string(what) + ": RSA key shorter than 2048 bits");
}

// Selects PKCS#1 v1.5 explicitly, not by relying on the provider's default.
void use_pkcs1_padding(EVP_PKEY_CTX* pctx, std::string_view what) {
  if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) throw_openssl_error(what);
}

}  // namespace

RsaKeyPair generate_rsa_key_pair(int bits) {
  if (bits < kMinBits || bits > kMaxBits)
    throw CryptoError("generate_rsa_key_pair: bits must be 2048..16384");
  const detail::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) <= 0 ||
      EVP_PKEY_generate(ctx.get(), &raw) <= 0)
    throw_openssl_error("generate_rsa_key_pair");
  const detail::EvpPkeyPtr key(raw);

  RsaKeyPair pair;
  {
    // Secure-heap BIO: its buffer is wiped when freed, so only our returned copy remains.
    const detail::BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
      throw_openssl_error("generate_rsa_key_pair: writing private key");
    pair.private_pem = bio_contents(bio.get());
  }
  {
    const detail::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1)
      throw_openssl_error("generate_rsa_key_pair: writing public key");
    pair.public_pem = bio_contents(bio.get());
  }
  return pair;
}

RsaSigner::RsaSigner(const std::string& private_pem) {
  const detail::BioPtr bio = read_bio(private_pem);
  key_.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key_) throw_openssl_error("RsaSigner: cannot parse private key PEM");
  require_rsa(key_.get(), "RsaSigner");
}

std::string RsaSigner::sign_base64(std::string_view body) const {
  const detail::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key_.get(), nullptr) != 1)
    throw_openssl_error("RsaSigner::sign_base64: init");
  use_pkcs1_padding(pctx, "RsaSigner::sign_base64: padding");
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, detail::bytes_of(body), body.size()) != 1)
    throw_openssl_error("RsaSigner::sign_base64: size");
  std::string signature(len, '\0');
  if (EVP_DigestSign(ctx.get(), detail::bytes_of(signature), &len, detail::bytes_of(body), body.size()) != 1)
    throw_openssl_error("RsaSigner::sign_base64");
  signature.resize(len);
  return base64_encode(signature);
}

bool rsa_verify_base64(const std::string& public_pem, std::string_view body,
                       std::string_view signature_base64) {
  const detail::BioPtr bio = read_bio(public_pem);
  const detail::EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) throw_openssl_error("rsa_verify_base64: cannot parse public key PEM");
  require_rsa(key.get(), "rsa_verify_base64");

  const std::optional<std::string> signature = base64_decode(signature_base64);
  if (!signature) return false;

  const detail::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key.get(), nullptr) != 1)
    throw_openssl_error("rsa_verify_base64: init");
  use_pkcs1_padding(pctx, "rsa_verify_base64: padding");
  const int ok = EVP_DigestVerify(ctx.get(), detail::bytes_of(*signature), signature->size(),
                                  detail::bytes_of(body), body.size());
  // A mismatch leaves entries in the error queue; they are expected, not failures to report.
  ERR_clear_error();
  return ok == 1;
}

}  // namespace tender::crypto
