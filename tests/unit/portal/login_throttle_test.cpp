#include <gtest/gtest.h>

#include "portal/login_throttle.hpp"

namespace tender::portal {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

TEST(LoginThrottle, FiveFailuresForOneEmailLockItUntilTheOldestLeavesTheWindow) {
  LoginThrottle t;
  for (std::size_t i = 0; i < LoginThrottle::kMaxFailures; ++i) {
    EXPECT_TRUE(t.allowed("a@example.com", "10.0.0.1", kNow + static_cast<std::int64_t>(i)));
    t.failed("a@example.com", "10.0.0.1", kNow + static_cast<std::int64_t>(i));
  }
  EXPECT_FALSE(t.allowed("a@example.com", "10.0.0.1", kNow + 10));
  EXPECT_FALSE(t.allowed("a@example.com", "10.0.0.2", kNow + 10)) << "another address does not help";
  EXPECT_TRUE(t.allowed("b@example.com", "10.0.0.1", kNow + 10)) << "another user from the same address may still try";
  EXPECT_EQ(t.retry_after("a@example.com", "10.0.0.1", kNow + 10), LoginThrottle::kWindowSeconds - 10);
  EXPECT_TRUE(t.allowed("a@example.com", "10.0.0.1", kNow + LoginThrottle::kWindowSeconds)) << "the first failure left";
  EXPECT_EQ(t.retry_after("a@example.com", "10.0.0.1", kNow + LoginThrottle::kWindowSeconds), 0);
}

TEST(LoginThrottle, ASuccessClearsTheEmailsFailures) {
  LoginThrottle t;
  for (int i = 0; i < 4; ++i) t.failed("a@example.com", "10.0.0.1", kNow);
  t.succeeded("a@example.com");
  for (int i = 0; i < 4; ++i) t.failed("a@example.com", "10.0.0.1", kNow);
  EXPECT_TRUE(t.allowed("a@example.com", "10.0.0.1", kNow));
}

TEST(LoginThrottle, OneAddressGuessingManyEmailsIsStoppedToo) {
  LoginThrottle t;
  for (std::size_t i = 0; i < LoginThrottle::kMaxFailuresPerAddress; ++i)
    t.failed("user" + std::to_string(i) + "@example.com", "10.9.9.9", kNow);
  EXPECT_FALSE(t.allowed("fresh@example.com", "10.9.9.9", kNow));
  EXPECT_TRUE(t.allowed("fresh@example.com", "10.9.9.8", kNow));
}

}  // namespace
}  // namespace tender::portal
