#pragma once
// Authenticated encryption of data at rest (card data, connector credentials) with AES-256-GCM.
//
// Sealed format: 0x01 (version) | 12-byte random nonce | ciphertext | 16-byte tag.
// Limits: random 96-bit nonces stay safe for about 2^32 seals per key (NIST SP 800-38D), so
// rotate keys well before that; one seal is limited to about 2 GiB.
#include <optional>
#include <string>
#include <string_view>

namespace tender::crypto {

class AesGcm {
 public:
  // key32 must be exactly 32 bytes (e.g. random_bytes(32)); throws CryptoError otherwise.
  explicit AesGcm(std::string key32);
  ~AesGcm();  // wipes the key

  // Move-only: copies would scatter key material; moves wipe what they replace.
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;
  AesGcm(AesGcm&& other) noexcept;
  AesGcm& operator=(AesGcm&& other) noexcept;

  // Encrypts plaintext and authenticates it together with aad (which is not stored: pass the
  // same aad to open, e.g. the owning record's id so ciphertexts cannot be swapped between rows).
  std::string seal(std::string_view plaintext, std::string_view aad) const;

  // The plaintext, or nullopt if sealed is malformed, has another version, was modified, or was
  // sealed under a different key or aad.
  std::optional<std::string> open(std::string_view sealed, std::string_view aad) const;

 private:
  std::string key_;
};

}  // namespace tender::crypto
