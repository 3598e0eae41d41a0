#include "crypto/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace {

using tender::crypto::random_bytes;
using tender::crypto::random_digits;
using tender::crypto::random_token;

bool is_base62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

TEST(CryptoRandom, BytesHaveRequestedLength) {
  EXPECT_EQ(random_bytes(0).size(), 0u);
  EXPECT_EQ(random_bytes(1).size(), 1u);
  EXPECT_EQ(random_bytes(32).size(), 32u);
  EXPECT_EQ(random_bytes(100000).size(), 100000u);
}

TEST(CryptoRandom, BytesDifferBetweenCalls) {
  EXPECT_NE(random_bytes(32), random_bytes(32));
}

TEST(CryptoRandom, TokenIsBase62OfRequestedLength) {
  EXPECT_EQ(random_token(0), "");
  for (const std::size_t n : {1u, 24u, 32u, 1000u}) {
    const std::string token = random_token(n);
    EXPECT_EQ(token.size(), n);
    EXPECT_TRUE(std::all_of(token.begin(), token.end(), is_base62)) << token;
  }
  EXPECT_NE(random_token(32), random_token(32));
}

TEST(CryptoRandom, TokenUsesWholeAlphabet) {
  // 62 symbols over 20000 draws: each is expected ~320 times, so all must appear.
  const std::string token = random_token(20000);
  const std::set<char> seen(token.begin(), token.end());
  EXPECT_EQ(seen.size(), 62u);
}

TEST(CryptoRandom, DigitsAreDecimalOfRequestedLength) {
  EXPECT_EQ(random_digits(0), "");
  for (const std::size_t n : {1u, 6u, 12u, 500u}) {
    const std::string digits = random_digits(n);
    EXPECT_EQ(digits.size(), n);
    EXPECT_TRUE(std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        << digits;
  }
}

TEST(CryptoRandom, DigitsAreRoughlyUniform) {
  // 10000 draws: each digit expected 1000 times; 800..1200 is more than 6 standard deviations.
  const std::string digits = random_digits(10000);
  for (char d = '0'; d <= '9'; ++d) {
    const auto count = std::count(digits.begin(), digits.end(), d);
    EXPECT_GT(count, 800) << d;
    EXPECT_LT(count, 1200) << d;
  }
}

}  // namespace
