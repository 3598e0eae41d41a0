#include "vault/card_vault.hpp"

#include <openssl/crypto.h>

#include <charconv>
#include <cstdlib>
#include <vector>
#include <stdexcept>
#include <utility>

#include "cards/card_number.hpp"
#include "crypto/base64.hpp"
#include "crypto/crypto_error.hpp"
#include "crypto/digest.hpp"

namespace tender::vault {
namespace {

constexpr std::size_t kMasterKeySize = 32;
constexpr std::string_view kEncryptionLabel = "tender/vault/card-encryption/v1";
constexpr std::string_view kFingerprintLabel = "tender/vault/card-fingerprint/v1";
constexpr std::string_view kAadPrefix = "card:";
constexpr char kSeparator = '|';

void wipe(std::string& s) noexcept { OPENSSL_cleanse(s.data(), s.size()); }

const std::string& checked_master(const std::string& master) {
  if (master.size() != kMasterKeySize)
    throw crypto::CryptoError("card vault: master key must be 32 bytes");
  return master;
}

// HKDF-Expand(PRK = master, info = label, L = 32): a single block, T(1) = HMAC(PRK, info | 0x01).
std::string derive_key(const std::string& master, std::string_view label) {
  std::string info(label);
  info.push_back('\x01');
  return crypto::hmac_sha256(master, info);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

std::optional<int> parse_int(std::string_view s) {
  int value = 0;
  if (s.empty() || s.size() > 4 || !cards::all_digits(s)) return std::nullopt;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

std::string aad_for(std::string_view fingerprint) {
  std::string aad(kAadPrefix);
  aad += fingerprint;
  return aad;
}

}  // namespace

CardVault::CardVault(std::string master_key32)
    : aead_(derive_key(checked_master(master_key32), kEncryptionLabel)),
      fingerprint_key_(derive_key(master_key32, kFingerprintLabel)) {
  wipe(master_key32);
}

CardVault::~CardVault() { wipe(fingerprint_key_); }

CardVault& CardVault::operator=(CardVault&& other) noexcept {
  if (this != &other) {
    wipe(fingerprint_key_);
    aead_ = std::move(other.aead_);
    fingerprint_key_ = std::move(other.fingerprint_key_);
  }
  return *this;
}

std::string CardVault::fingerprint(std::string_view pan) const {
  return to_hex(crypto::hmac_sha256(fingerprint_key_, pan));
}

SealedCard CardVault::seal(const connectors::CardData& card) const {
  const std::string& pan = card.pan;
  if (!cards::all_digits(pan) || pan.size() < 12 || pan.size() > 19)
    throw std::invalid_argument("card vault: PAN must be 12-19 digits");
  if (card.expiry_month < 0 || card.expiry_month > 9999 || card.expiry_year < 0 || card.expiry_year > 9999)
    throw std::invalid_argument("card vault: expiry out of range");

  SealedCard out;
  out.fingerprint = fingerprint(pan);
  std::string plaintext = pan;
  plaintext += kSeparator;
  plaintext += std::to_string(card.expiry_month);
  plaintext += kSeparator;
  plaintext += std::to_string(card.expiry_year);
  plaintext += kSeparator;
  plaintext += card.cardholder_name;
  out.sealed_b64 = crypto::base64_encode(aead_.seal(plaintext, aad_for(out.fingerprint)));
  wipe(plaintext);

  out.masked_pan = cards::mask_pan(pan);
  out.bin6 = cards::bin6(pan);
  out.last4 = cards::last4(pan);
  out.scheme = std::string(cards::to_string(cards::detect_scheme(pan)));
  out.expiry_month = card.expiry_month;
  out.expiry_year = card.expiry_year;
  out.cardholder_name = card.cardholder_name;
  return out;
}

std::optional<connectors::CardData> CardVault::open(const SealedCard& sealed) const {
  const auto bytes = crypto::base64_decode(sealed.sealed_b64);
  if (!bytes) return std::nullopt;
  auto plaintext = aead_.open(*bytes, aad_for(sealed.fingerprint));
  if (!plaintext) return std::nullopt;

  // "pan|month|year|name": the name is everything after the third separator, '|' included.
  std::optional<connectors::CardData> card;
  const std::string_view text = *plaintext;
  const std::size_t a = text.find(kSeparator);
  const std::size_t b = a == std::string_view::npos ? a : text.find(kSeparator, a + 1);
  const std::size_t c = b == std::string_view::npos ? b : text.find(kSeparator, b + 1);
  if (c != std::string_view::npos) {
    const std::string_view pan = text.substr(0, a);
    const auto month = parse_int(text.substr(a + 1, b - a - 1));
    const auto year = parse_int(text.substr(b + 1, c - b - 1));
    // The aad already binds the fingerprint; recomputing it also rejects a stale derivation.
    if (cards::all_digits(pan) && month && year &&
        crypto::constant_time_equal(fingerprint(pan), sealed.fingerprint)) {
      card.emplace();
      card->pan = std::string(pan);
      card->expiry_month = *month;
      card->expiry_year = *year;
      card->cardholder_name = std::string(text.substr(c + 1));
    }
  }
  wipe(*plaintext);
  return card;
}

namespace {
constexpr std::string_view kTransientAad = "transient-card:";
}  // namespace

std::string CardVault::seal_transient(const connectors::CardData& card, std::string_view context) const {
  const std::string& pan = card.pan;
  if (!cards::all_digits(pan) || pan.size() < 12 || pan.size() > 19)
    throw std::invalid_argument("card vault: PAN must be 12-19 digits");
  if (card.cvc.size() > 4 || (!card.cvc.empty() && !cards::all_digits(card.cvc))) throw std::invalid_argument("card vault: CVC must be 0-4 digits");
  // "pan|cvc|month|year|name": digits in the first four fields, so only the name may hold '|'.
  std::string plaintext = pan + kSeparator + card.cvc + kSeparator + std::to_string(card.expiry_month) + kSeparator +
                          std::to_string(card.expiry_year) + kSeparator + card.cardholder_name;
  auto sealed = crypto::base64_encode(aead_.seal(plaintext, std::string(kTransientAad) + std::string(context)));
  wipe(plaintext);
  return sealed;
}

std::optional<connectors::CardData> CardVault::open_transient(std::string_view sealed, std::string_view context) const {
  const auto bytes = crypto::base64_decode(sealed);
  if (!bytes) return std::nullopt;
  auto plaintext = aead_.open(*bytes, std::string(kTransientAad) + std::string(context));
  if (!plaintext) return std::nullopt;
  std::optional<connectors::CardData> card;
  std::vector<std::string_view> parts;
  std::string_view rest = *plaintext;
  for (int i = 0; i < 4; ++i) {
    const auto bar = rest.find(kSeparator);
    if (bar == std::string_view::npos) break;
    parts.push_back(rest.substr(0, bar));
    rest.remove_prefix(bar + 1);
  }
  if (parts.size() == 4) {
    connectors::CardData c;
    c.pan = std::string(parts[0]);
    c.cvc = std::string(parts[1]);
    c.expiry_month = std::atoi(std::string(parts[2]).c_str());
    c.expiry_year = std::atoi(std::string(parts[3]).c_str());
    c.cardholder_name = std::string(rest);
    card = std::move(c);
  }
  wipe(*plaintext);
  return card;
}

}  // namespace tender::vault
