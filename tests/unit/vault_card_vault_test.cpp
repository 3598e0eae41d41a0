#include "vault/card_vault.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "cards/card_number.hpp"
#include "crypto/base64.hpp"
#include "crypto/crypto_error.hpp"
#include "crypto/random.hpp"

namespace {

using tender::connectors::CardData;
using tender::vault::CardVault;
using tender::vault::SealedCard;

std::string fixed_key() {
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i));
  return key;
}

CardData sample_card() { return {"4444333322221111", "987", 7, 2031, "Ada Lovelace"}; }

std::vector<std::string> string_fields(const SealedCard& s) {
  return {s.sealed_b64, s.masked_pan, s.bin6, s.last4, s.scheme, s.cardholder_name, s.fingerprint,
          *tender::crypto::base64_decode(s.sealed_b64)};
}

TEST(VaultCardVault, RoundTrip) {
  const CardVault vault(tender::crypto::random_bytes(32));
  for (const CardData& card : {sample_card(), CardData{"378282246310005", "1234", 12, 2099, ""},
                               CardData{"6200000000000005", "", 1, 2030, "Zoë | O'Brien|x"},
                               CardData{"5200000000001005", "100", 3, 2027, "  spaced  "}}) {
    const SealedCard sealed = vault.seal(card);
    const auto opened = vault.open(sealed);
    ASSERT_TRUE(opened) << card.pan;
    EXPECT_EQ(opened->pan, card.pan);
    EXPECT_EQ(opened->cvc, "");
    EXPECT_EQ(opened->expiry_month, card.expiry_month);
    EXPECT_EQ(opened->expiry_year, card.expiry_year);
    EXPECT_EQ(opened->cardholder_name, card.cardholder_name);
  }
}

TEST(VaultCardVault, PlainFields) {
  const CardVault vault(tender::crypto::random_bytes(32));
  const SealedCard s = vault.seal(sample_card());
  EXPECT_EQ(s.masked_pan, "444433******1111");
  EXPECT_EQ(s.bin6, "444433");
  EXPECT_EQ(s.last4, "1111");
  EXPECT_EQ(s.scheme, "visa");
  EXPECT_EQ(s.expiry_month, 7);
  EXPECT_EQ(s.expiry_year, 2031);
  EXPECT_EQ(s.cardholder_name, "Ada Lovelace");
  EXPECT_EQ(vault.seal({"378282246310005", "1234", 1, 2030, ""}).scheme, "amex");
}

TEST(VaultCardVault, CvcIsNotSealed) {
  const CardVault vault(tender::crypto::random_bytes(32));
  CardData card = sample_card();
  const std::string expected_plain = "4444333322221111|7|2031|Ada Lovelace";
  const std::size_t overhead = 1 + 12 + 16;  // AesGcm version, nonce, tag
  const auto sealed_with_cvc = vault.seal(card);
  card.cvc = "";
  const auto sealed_without_cvc = vault.seal(card);
  // The ciphertext holds exactly pan|month|year|name: there is no room for a CVC.
  EXPECT_EQ(tender::crypto::base64_decode(sealed_with_cvc.sealed_b64)->size(), expected_plain.size() + overhead);
  EXPECT_EQ(tender::crypto::base64_decode(sealed_without_cvc.sealed_b64)->size(),
            expected_plain.size() + overhead);
  EXPECT_EQ(vault.open(sealed_with_cvc)->cvc, "");
}

TEST(VaultCardVault, NoPanDigitsOutsideTheMaskedForms) {
  const CardVault vault(fixed_key());
  for (const std::string pan : {"4444333322221111", "5200000000001005", "378282246310005", "30569309025904"}) {
    const SealedCard s = vault.seal({pan, "123", 1, 2030, "N"});
    const std::string hidden = pan.substr(6, pan.size() - 10);  // the digits mask_pan hides
    for (const std::string& field : string_fields(s)) {
      EXPECT_EQ(field.find(pan), std::string::npos) << field;
      EXPECT_EQ(field.find(hidden), std::string::npos) << field;
      // Nothing shows more than the first six or the last four digits.
      EXPECT_EQ(field.find(pan.substr(0, 7)), std::string::npos) << field;
      EXPECT_EQ(field.find(pan.substr(pan.size() - 5)), std::string::npos) << field;
    }
    EXPECT_EQ(s.masked_pan, tender::cards::mask_pan(pan));
  }
}

TEST(VaultCardVault, TamperingIsDetected) {
  const CardVault vault(tender::crypto::random_bytes(32));
  const SealedCard good = vault.seal(sample_card());
  const std::string bytes = *tender::crypto::base64_decode(good.sealed_b64);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string modified = bytes;
    modified[i] = static_cast<char>(modified[i] ^ 0x01);
    SealedCard s = good;
    s.sealed_b64 = tender::crypto::base64_encode(modified);
    EXPECT_FALSE(vault.open(s)) << "byte " << i;
  }
  SealedCard truncated = good;
  truncated.sealed_b64 = tender::crypto::base64_encode(bytes.substr(0, bytes.size() - 1));
  EXPECT_FALSE(vault.open(truncated));
  SealedCard not_base64 = good;
  not_base64.sealed_b64 = "%%%";
  EXPECT_FALSE(vault.open(not_base64));
  SealedCard empty = good;
  empty.sealed_b64 = "";
  EXPECT_FALSE(vault.open(empty));
  SealedCard other_fingerprint = good;
  other_fingerprint.fingerprint[0] = other_fingerprint.fingerprint[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(vault.open(other_fingerprint));
  // A ciphertext moved onto another card's record does not open.
  SealedCard swapped = vault.seal({"5555555555554444", "123", 1, 2030, "B"});
  swapped.sealed_b64 = good.sealed_b64;
  EXPECT_FALSE(vault.open(swapped));
  // Plain fields are display copies: open() reads only the sealed bytes.
  SealedCard relabelled = good;
  relabelled.masked_pan = "xxx";
  relabelled.expiry_month = 1;
  EXPECT_EQ(vault.open(relabelled)->expiry_month, 7);
  EXPECT_TRUE(vault.open(good));
}

TEST(VaultCardVault, OtherMasterKeyCannotOpen) {
  const CardVault a(tender::crypto::random_bytes(32));
  const CardVault b(tender::crypto::random_bytes(32));
  EXPECT_FALSE(b.open(a.seal(sample_card())));
}

TEST(VaultCardVault, FingerprintStableAndKeyDependent) {
  const CardVault vault(fixed_key());
  const SealedCard s1 = vault.seal(sample_card());
  CardData other_details = sample_card();
  other_details.expiry_year = 2035;
  other_details.cardholder_name = "Someone Else";
  const SealedCard s2 = vault.seal(other_details);
  EXPECT_EQ(s1.fingerprint, s2.fingerprint);
  EXPECT_NE(s1.sealed_b64, s2.sealed_b64);
  EXPECT_NE(vault.seal(sample_card()).sealed_b64, s1.sealed_b64);  // random nonce
  EXPECT_EQ(vault.fingerprint("4444333322221111"), s1.fingerprint);
  EXPECT_EQ(s1.fingerprint.size(), 64u);
  EXPECT_EQ(s1.fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
  // Known answer: HMAC-SHA-256(HKDF-Expand(master, "tender/vault/card-fingerprint/v1"), pan).
  // Stored fingerprints depend on this derivation; changing it needs a migration.
  EXPECT_EQ(s1.fingerprint, "69a219a699fae5ee1c86cda5a21b702c1de100f6c7df1b865fcf13f132b764cb");
  EXPECT_NE(vault.fingerprint("5555555555554444"), s1.fingerprint);
  const CardVault same_key(fixed_key());
  EXPECT_EQ(same_key.fingerprint("4444333322221111"), s1.fingerprint);
  const CardVault other_key(tender::crypto::random_bytes(32));
  EXPECT_NE(other_key.fingerprint("4444333322221111"), s1.fingerprint);
}

TEST(VaultCardVault, RejectsBadKeysAndCards) {
  EXPECT_THROW(CardVault(std::string(31, 'k')), tender::crypto::CryptoError);
  EXPECT_THROW(CardVault(std::string(33, 'k')), tender::crypto::CryptoError);
  EXPECT_THROW(CardVault(""), tender::crypto::CryptoError);
  const CardVault vault(fixed_key());
  EXPECT_THROW(vault.seal({"4444 3333 2222 1111", "", 1, 2030, ""}), std::invalid_argument);
  EXPECT_THROW(vault.seal({"4444|333322221111", "", 1, 2030, ""}), std::invalid_argument);
  EXPECT_THROW(vault.seal({"44443333222", "", 1, 2030, ""}), std::invalid_argument);
  EXPECT_THROW(vault.seal({"", "", 1, 2030, ""}), std::invalid_argument);
}

TEST(VaultCardVault, Movable) {
  CardVault a(fixed_key());
  const SealedCard s = a.seal(sample_card());
  CardVault b(std::move(a));
  EXPECT_EQ(b.open(s)->pan, "4444333322221111");
  CardVault c(tender::crypto::random_bytes(32));
  c = std::move(b);
  EXPECT_EQ(c.open(s)->pan, "4444333322221111");
}

TEST(VaultCardVault, TransientSealKeepsTheCvcOnlyForItsContext) {
  const CardVault vault(tender::crypto::random_bytes(32));
  for (const CardData& card : {sample_card(), CardData{"6200000000000005", "", 1, 2030, "Zoë | O'Brien|x"}}) {
    const auto sealed = vault.seal_transient(card, "challenge-1:p1");
    EXPECT_EQ(sealed.find(card.pan), std::string::npos);
    const auto opened = vault.open_transient(sealed, "challenge-1:p1");
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->pan, card.pan);
    EXPECT_EQ(opened->cvc, card.cvc) << "kept until the authorization it waits for";
    EXPECT_EQ(opened->expiry_month, card.expiry_month);
    EXPECT_EQ(opened->expiry_year, card.expiry_year);
    EXPECT_EQ(opened->cardholder_name, card.cardholder_name);
    EXPECT_FALSE(vault.open_transient(sealed, "challenge-2:p1")) << "another challenge's context";
    std::string tampered = sealed;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(vault.open_transient(tampered, "challenge-1:p1"));
    EXPECT_FALSE(CardVault(tender::crypto::random_bytes(32)).open_transient(sealed, "challenge-1:p1")) << "another key";
  }
  EXPECT_THROW(vault.seal_transient(CardData{"4444", "123", 1, 2030, ""}, "x"), std::invalid_argument);
  EXPECT_THROW(vault.seal_transient(CardData{"4444333322221111", "12a", 1, 2030, ""}, "x"), std::invalid_argument);
}

}  // namespace
