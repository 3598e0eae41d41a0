#include "crypto/digest.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using tender::crypto::constant_time_equal;
using tender::crypto::hmac_sha256;
using tender::crypto::sha256;
using tender::crypto::sha256_hex;

std::string hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

// FIPS 180-2 appendix B.1 and the empty message.
TEST(CryptoDigest, Sha256KnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CryptoDigest, Sha256IsRaw32Bytes) {
  const std::string digest = sha256("abc");
  EXPECT_EQ(digest.size(), 32u);
  EXPECT_EQ(hex(digest), sha256_hex("abc"));
}

// RFC 4231 test case 2: a key shorter than the block size.
TEST(CryptoDigest, HmacSha256Rfc4231Case2) {
  const std::string mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  EXPECT_EQ(mac.size(), 32u);
  EXPECT_EQ(hex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 test case 1.
TEST(CryptoDigest, HmacSha256Rfc4231Case1) {
  EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231 test case 6: a key longer than the block size is hashed first.
TEST(CryptoDigest, HmacSha256Rfc4231Case6LongKey) {
  EXPECT_EQ(hex(hmac_sha256(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CryptoDigest, HmacSha256EmptyKeyAndData) {
  EXPECT_EQ(hex(hmac_sha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(CryptoDigest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secret1"));
  EXPECT_FALSE(constant_time_equal("secret", ""));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
  const std::string mac = hmac_sha256("k", "m");
  EXPECT_TRUE(constant_time_equal(mac, hmac_sha256("k", "m")));
  EXPECT_FALSE(constant_time_equal(mac, hmac_sha256("k", "n")));
}

}  // namespace
