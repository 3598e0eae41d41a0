#include "crypto/base64.hpp"

#include <gtest/gtest.h>

#include <string>

#include "crypto/random.hpp"

namespace {

using tender::crypto::base64_decode;
using tender::crypto::base64_encode;
using tender::crypto::base64url_encode;

// RFC 4648 section 10.
TEST(CryptoBase64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(CryptoBase64, DecodesRfc4648Vectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(CryptoBase64, UsesStandardAlphabet) {
  EXPECT_EQ(base64_encode("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(base64_decode("+/+/"), "\xfb\xff\xbf");
}

TEST(CryptoBase64, RoundTripsBinaryOfEveryLength) {
  for (std::size_t n = 0; n < 70; ++n) {
    const std::string bytes = tender::crypto::random_bytes(n);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << n;
  }
  const std::string nul_bytes("\0\0\0\0", 4);
  EXPECT_EQ(base64_decode(base64_encode(nul_bytes)), nul_bytes);
}

TEST(CryptoBase64, RoundTripsLargeInput) {
  const std::string bytes = tender::crypto::random_bytes(5 * 1024 * 1024 + 1);
  EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
}

TEST(CryptoBase64, RejectsInvalidInput) {
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm=v", "Zm9v\n",
                          " Zm9v", "Zm9v ", "Zm 9v", "Zm9-", "Zm9_", "Zm9*", "Zm9vYg=\n"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(base64_decode(std::string("Zm\0v", 4)), std::nullopt);
}

TEST(CryptoBase64, RejectsNonCanonicalPaddingBits) {
  EXPECT_EQ(base64_decode("QQ=="), "A");
  EXPECT_EQ(base64_decode("QR=="), std::nullopt);
  EXPECT_EQ(base64_decode("QUI="), "AB");
  EXPECT_EQ(base64_decode("QUJ="), std::nullopt);
}

TEST(CryptoBase64, UrlVariantHasNoPaddingAndUrlSafeAlphabet) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
  const std::string token = base64url_encode(tender::crypto::random_bytes(32));
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos) << token;
}

}  // namespace
