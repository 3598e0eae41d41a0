#include "crypto/aes_gcm.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "crypto/crypto_error.hpp"
#include "crypto/random.hpp"

namespace {

using tender::crypto::AesGcm;
using tender::crypto::CryptoError;
using tender::crypto::random_bytes;

constexpr std::size_t kOverhead = 1 + 12 + 16;  // version + nonce + tag

TEST(CryptoAesGcm, RoundTrip) {
  const AesGcm gcm(random_bytes(32));
  const std::string plaintext = "4444333322221111|12/30";
  const std::string sealed = gcm.seal(plaintext, "purchase:123");
  EXPECT_EQ(sealed.size(), plaintext.size() + kOverhead);
  EXPECT_EQ(sealed[0], '\x01');
  EXPECT_EQ(sealed.find(plaintext), std::string::npos);
  EXPECT_EQ(gcm.open(sealed, "purchase:123"), plaintext);
}

TEST(CryptoAesGcm, RoundTripEmptyAndBinaryAndLarge) {
  const AesGcm gcm(random_bytes(32));
  EXPECT_EQ(gcm.open(gcm.seal("", ""), ""), "");
  EXPECT_EQ(gcm.seal("", "").size(), kOverhead);
  const std::string binary("\0\xff\0\x01", 4);
  EXPECT_EQ(gcm.open(gcm.seal(binary, binary), binary), binary);
  const std::string large = random_bytes(3 * 1024 * 1024 + 7);
  EXPECT_EQ(gcm.open(gcm.seal(large, "aad"), "aad"), large);
}

TEST(CryptoAesGcm, DetectsTamperingAnywhere) {
  const AesGcm gcm(random_bytes(32));
  const std::string sealed = gcm.seal("secret data", "aad");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_EQ(gcm.open(tampered, "aad"), std::nullopt) << "byte " << i;
  }
}

TEST(CryptoAesGcm, RejectsTruncatedOrExtendedOrMalformed) {
  const AesGcm gcm(random_bytes(32));
  const std::string sealed = gcm.seal("secret data", "aad");
  EXPECT_EQ(gcm.open(sealed.substr(0, sealed.size() - 1), "aad"), std::nullopt);
  EXPECT_EQ(gcm.open(sealed + "x", "aad"), std::nullopt);
  EXPECT_EQ(gcm.open("", "aad"), std::nullopt);
  EXPECT_EQ(gcm.open(std::string(kOverhead - 1, '\x01'), "aad"), std::nullopt);
  EXPECT_EQ(gcm.open(std::string(kOverhead, '\x01'), "aad"), std::nullopt);
}

TEST(CryptoAesGcm, WrongAadFails) {
  const AesGcm gcm(random_bytes(32));
  const std::string sealed = gcm.seal("secret data", "purchase:1");
  EXPECT_EQ(gcm.open(sealed, "purchase:2"), std::nullopt);
  EXPECT_EQ(gcm.open(sealed, ""), std::nullopt);
  EXPECT_EQ(gcm.open(gcm.seal("secret data", ""), "x"), std::nullopt);
}

TEST(CryptoAesGcm, WrongKeyFails) {
  const AesGcm gcm(random_bytes(32));
  const AesGcm other(random_bytes(32));
  EXPECT_EQ(other.open(gcm.seal("secret data", "aad"), "aad"), std::nullopt);
}

TEST(CryptoAesGcm, NonceDiffersEachSeal) {
  const AesGcm gcm(random_bytes(32));
  std::set<std::string> nonces;
  std::set<std::string> sealed_values;
  for (int i = 0; i < 100; ++i) {
    const std::string sealed = gcm.seal("same plaintext", "same aad");
    nonces.insert(sealed.substr(1, 12));
    sealed_values.insert(sealed);
  }
  EXPECT_EQ(nonces.size(), 100u);
  EXPECT_EQ(sealed_values.size(), 100u);
}

TEST(CryptoAesGcm, RequiresA32ByteKey) {
  EXPECT_THROW(AesGcm(""), CryptoError);
  EXPECT_THROW(AesGcm(random_bytes(16)), CryptoError);
  EXPECT_THROW(AesGcm(random_bytes(31)), CryptoError);
  EXPECT_THROW(AesGcm(random_bytes(33)), CryptoError);
}

TEST(CryptoAesGcm, MovedInstanceKeepsWorking) {
  const std::string key = random_bytes(32);
  AesGcm original{std::string(key)};
  const std::string sealed = original.seal("data", "aad");
  AesGcm moved(std::move(original));
  EXPECT_EQ(moved.open(sealed, "aad"), "data");
  AesGcm assigned(random_bytes(32));
  assigned = std::move(moved);
  EXPECT_EQ(assigned.open(sealed, "aad"), "data");
  EXPECT_EQ(AesGcm(std::string(key)).open(assigned.seal("x", ""), ""), "x");
}

}  // namespace
