// The retry schedule: 9 attempts in all, intervals growing by 3x from 30 s, none after 36 h.
#include <gtest/gtest.h>

#include "webhooks/retry_schedule.hpp"

namespace tender::webhooks {
namespace {

TEST(WebhooksRetrySchedule, IntervalsAreTheDocumentedOnes) {
  const std::int64_t expected[] = {30, 90, 270, 810, 2430, 7290, 21870, 65610};
  for (int made = 1; made <= 8; ++made) {
    ASSERT_EQ(retry_delay_seconds(made), expected[made - 1]) << "after attempt " << made;
  }
}

TEST(WebhooksRetrySchedule, NoAttemptAfterTheNinth) {
  EXPECT_EQ(kMaxAttempts, 9);
  EXPECT_EQ(retry_delay_seconds(9), std::nullopt);
  EXPECT_EQ(retry_delay_seconds(10), std::nullopt);
  EXPECT_EQ(retry_delay_seconds(0), std::nullopt);
  EXPECT_EQ(retry_delay_seconds(-1), std::nullopt);
}

TEST(WebhooksRetrySchedule, IntervalsGrowExponentially) {
  for (int made = 2; made <= 8; ++made) {
    EXPECT_EQ(*retry_delay_seconds(made), *retry_delay_seconds(made - 1) * kRetryGrowthFactor);
  }
}

TEST(WebhooksRetrySchedule, AllNineAttemptsFitInside36HoursEvenWhenEachTakesTheFullTimeout) {
  const std::int64_t event_at = 1'000'000;
  const std::int64_t give_up_at = event_at + kGiveUpAfterSeconds;
  std::int64_t at = event_at;
  constexpr std::int64_t kSlowestAttemptSeconds = 15;  // the total timeout of one attempt
  for (int made = 1; made < kMaxAttempts; ++made) {
    auto next = next_attempt_at(made, at + kSlowestAttemptSeconds, give_up_at);
    ASSERT_TRUE(next) << "attempt " << made + 1 << " should still be scheduled";
    at = *next;
  }
  EXPECT_LT(at - event_at, 28 * 3600);  // the 9th attempt starts about 27.3 h after the event
  EXPECT_EQ(next_attempt_at(kMaxAttempts, at, give_up_at), std::nullopt);
}

TEST(WebhooksRetrySchedule, NeverSchedulesPastTheDeadline) {
  // An attempt made late (e.g. after a long outage): the next one would fall after 36 h.
  const std::int64_t give_up_at = 10'000;
  EXPECT_EQ(next_attempt_at(8, give_up_at - 100, give_up_at), std::nullopt);  // 65610 s later
  EXPECT_EQ(next_attempt_at(1, give_up_at - 30, give_up_at), give_up_at);       // exactly at: allowed
  EXPECT_EQ(next_attempt_at(1, give_up_at - 29, give_up_at), std::nullopt);
}

}  // namespace
}  // namespace tender::webhooks
