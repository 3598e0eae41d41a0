#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto_error.hpp"
#include "crypto/password_hash.hpp"

namespace tender::crypto {
namespace {

TEST(PasswordHash, IsArgon2idWithItsOwnSaltAndVerifies) {
  const auto a = hash_password("correct horse battery");
  const auto b = hash_password("correct horse battery");
  EXPECT_EQ(a.rfind("$argon2id$", 0), 0u) << a;
  EXPECT_NE(a, b) << "a fresh salt each time";
  EXPECT_TRUE(verify_password(a, "correct horse battery"));
  EXPECT_TRUE(verify_password(b, "correct horse battery"));
  EXPECT_FALSE(verify_password(a, "correct horse batterY"));
  EXPECT_FALSE(verify_password(a, ""));
  EXPECT_EQ(a.find("correct"), std::string::npos) << "the password is not in the hash";
}

TEST(PasswordHash, MalformedHashesAndOverlongPasswordsNeverVerify) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$garbage", "x"));
  EXPECT_FALSE(verify_password(std::string(500, 'a'), "x"));
  const auto h = hash_password("short");
  EXPECT_FALSE(verify_password(h, std::string(kMaxPasswordBytes + 1, 'a')));
  EXPECT_THROW(hash_password(std::string(kMaxPasswordBytes + 1, 'a')), CryptoError);
}

}  // namespace
}  // namespace tender::crypto
