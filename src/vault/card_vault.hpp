#pragma once
// The card vault: turns card data into a SealedCard that can be stored (JSON, SQLite) without
// putting the PAN at rest, and back. The CVC is never stored: open() returns it empty, so a
// stored card can only be charged merchant-initiated (AuthorizeRequest::merchant_initiated).
//
// Keys: two 32-byte keys are derived from the master key with HKDF-Expand (RFC 5869; the master
// key, uniformly random, serves as the PRK) under distinct labels, one for AES-256-GCM and one
// for the HMAC-SHA-256 fingerprint, so neither use can weaken the other.
#include <optional>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "crypto/aes_gcm.hpp"

namespace tender::vault {

struct SealedCard {
  // base64 of AES-256-GCM over "pan|month|year|name" with aad "card:" + fingerprint.
  std::string sealed_b64;
  // Display copies, safe to show and log. open() does not read them: they are not authenticated.
  std::string masked_pan;  // cards::mask_pan
  std::string bin6;
  std::string last4;
  std::string scheme;  // cards::to_string(detect_scheme(pan))
  int expiry_month = 0;
  int expiry_year = 0;
  std::string cardholder_name;
  // 64 lowercase hex: HMAC-SHA-256(fingerprint key, pan). Equal for the same PAN under the same
  // master key (to recognise a card already stored), unrelated under another key.
  std::string fingerprint;
};

class CardVault {
 public:
  // master_key32 must be exactly 32 bytes (e.g. crypto::random_bytes(32)); throws
  // crypto::CryptoError otherwise. The master key itself is wiped, only derived keys are kept.
  explicit CardVault(std::string master_key32);
  ~CardVault();  // wipes the fingerprint key (AesGcm wipes its own)

  CardVault(const CardVault&) = delete;
  CardVault& operator=(const CardVault&) = delete;
  CardVault(CardVault&& other) noexcept = default;
  CardVault& operator=(CardVault&& other) noexcept;  // wipes the keys it replaces

  // Seals pan, expiry and cardholder name; card.cvc is ignored. Throws std::invalid_argument
  // unless the PAN is 12-19 digits (validate cards before sealing them).
  SealedCard seal(const connectors::CardData& card) const;

  // The card with an empty cvc, or nullopt if sealed_b64 or fingerprint were modified, or the
  // card was sealed under another master key.
  std::optional<connectors::CardData> open(const SealedCard& sealed) const;

  // Card data that must outlive one request but not the authorization it waits for (a 3-D Secure
  // challenge): the whole card, CVC included, sealed under `context` (e.g. the challenge's id),
  // base64. PCI DSS 3.3.1 allows sensitive authentication data before authorization when it is
  // protected; the caller deletes it at authorization. Throws like seal() on a malformed card.
  std::string seal_transient(const connectors::CardData& card, std::string_view context) const;
  // The card (with its CVC), or nullopt when `sealed` was modified or sealed under another context or key.
  std::optional<connectors::CardData> open_transient(std::string_view sealed, std::string_view context) const;

  // The fingerprint seal() would give this PAN.
  std::string fingerprint(std::string_view pan) const;

 private:
  crypto::AesGcm aead_;
  std::string fingerprint_key_;
};

}  // namespace tender::vault
