#include "crypto/aes_gcm.hpp"

#include <climits>
#include <cstring>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "crypto/crypto_error.hpp"
#include "crypto/openssl_handles.hpp"
#include "crypto/random.hpp"

namespace tender::crypto {
namespace {

constexpr char kVersion = 0x01;
constexpr std::size_t kKeySize = 32;
constexpr std::size_t kNonceSize = 12;  // GCM's default IV length
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kHeaderSize = 1 + kNonceSize;
// EVP_*Update take int lengths; keep headroom below INT_MAX.
constexpr std::size_t kMaxLength = INT_MAX - 64;

void wipe(std::string& s) noexcept { OPENSSL_cleanse(s.data(), s.size()); }

}  // namespace

AesGcm::AesGcm(std::string key32) : key_(std::move(key32)) {
  if (key_.size() != kKeySize) {
    wipe(key_);
    throw CryptoError("AesGcm: key must be exactly 32 bytes");
  }
}

AesGcm::~AesGcm() { wipe(key_); }

AesGcm::AesGcm(AesGcm&& other) noexcept : key_(std::move(other.key_)) { other.key_.clear(); }

AesGcm& AesGcm::operator=(AesGcm&& other) noexcept {
  if (this != &other) {
    wipe(key_);
    key_ = std::move(other.key_);
    other.key_.clear();
  }
  return *this;
}

std::string AesGcm::seal(std::string_view plaintext, std::string_view aad) const {
  if (key_.size() != kKeySize) throw CryptoError("AesGcm::seal: moved-from instance");
  if (plaintext.size() > kMaxLength || aad.size() > kMaxLength)
    throw CryptoError("AesGcm::seal: input too large");

  std::string out(kHeaderSize + plaintext.size() + kTagSize, '\0');
  out[0] = kVersion;
  const std::string nonce = random_bytes(kNonceSize);
  std::memcpy(out.data() + 1, nonce.data(), kNonceSize);
  unsigned char* body = detail::bytes_of(out) + kHeaderSize;

  const detail::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (!ctx ||
      EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), detail::bytes_of(key_),
                          detail::bytes_of(nonce), nullptr) != 1 ||
      (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, detail::bytes_of(aad),
                                         static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), body, &len, detail::bytes_of(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &final_len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kTagSize),
                          body + plaintext.size()) != 1)
    throw_openssl_error("AesGcm::seal");
  return out;
}

std::optional<std::string> AesGcm::open(std::string_view sealed, std::string_view aad) const {
  if (key_.size() != kKeySize) throw CryptoError("AesGcm::open: moved-from instance");
  if (sealed.size() < kHeaderSize + kTagSize || sealed[0] != kVersion) return std::nullopt;
  if (sealed.size() > kMaxLength || aad.size() > kMaxLength) return std::nullopt;

  const std::string_view nonce = sealed.substr(1, kNonceSize);
  const std::string_view ciphertext = sealed.substr(kHeaderSize, sealed.size() - kHeaderSize - kTagSize);
  // EVP_CTRL_AEAD_SET_TAG takes a non-const pointer.
  std::string tag(sealed.substr(sealed.size() - kTagSize));

  std::string plaintext(ciphertext.size(), '\0');
  const detail::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (!ctx ||
      EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), detail::bytes_of(key_),
                          detail::bytes_of(nonce), nullptr) != 1 ||
      (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, detail::bytes_of(aad),
                                         static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), detail::bytes_of(plaintext), &len, detail::bytes_of(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), detail::bytes_of(plaintext) + len, &final_len) != 1) {
    // Unauthenticated plaintext must not linger in freed memory.
    wipe(plaintext);
    ERR_clear_error();
    return std::nullopt;
  }
  return plaintext;
}

}  // namespace tender::crypto
