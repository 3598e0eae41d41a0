// subscription_period.cpp: period starts in days, weeks and months; month ends are respected and
// a schedule never drifts.
#include "engine/billing/subscription_period.hpp"

#include <gtest/gtest.h>

#include "util/utc_time.hpp"

namespace tender::engine::billing {
namespace {

std::string at(std::int64_t seconds) { return util::utc_time(seconds, "%Y-%m-%d %H:%M:%S"); }

constexpr std::int64_t kJan31 = 1738326896;  // 2025-01-31 12:34:56 UTC

TEST(SubscriptionPeriod, DaysAndWeeksAreFixedLengths) {
  EXPECT_EQ(period_start(kJan31, {3, PeriodUnit::days}, 0), kJan31);
  EXPECT_EQ(at(period_start(kJan31, {3, PeriodUnit::days}, 2)), "2025-02-06 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, {2, PeriodUnit::weeks}, 1)), "2025-02-14 12:34:56");
}

TEST(SubscriptionPeriod, MonthsKeepTheAnchorDayOrTheMonthsLastDay) {
  const Period monthly{1, PeriodUnit::months};
  EXPECT_EQ(at(kJan31), "2025-01-31 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, monthly, 1)), "2025-02-28 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, monthly, 2)), "2025-03-31 12:34:56");  // no drift to the 28th
  EXPECT_EQ(at(period_start(kJan31, monthly, 3)), "2025-04-30 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, monthly, 12)), "2026-01-31 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, monthly, 13)), "2026-02-28 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, monthly, 37)), "2028-02-29 12:34:56");  // leap year
  EXPECT_EQ(at(period_start(kJan31, {3, PeriodUnit::months}, 1)), "2025-04-30 12:34:56");
  EXPECT_EQ(at(period_start(kJan31, {12, PeriodUnit::months}, 1)), "2026-01-31 12:34:56");
}

TEST(SubscriptionPeriod, UnitNames) {
  for (auto u : {PeriodUnit::days, PeriodUnit::weeks, PeriodUnit::months})
    EXPECT_EQ(period_unit_from_string(to_string(u)), u);
  EXPECT_FALSE(period_unit_from_string("years"));
  EXPECT_FALSE(period_unit_from_string("Months"));
}

TEST(SubscriptionPeriod, TheBoundsAreAsserted) {
  EXPECT_DEATH(period_start(kJan31, {0, PeriodUnit::days}, 1), "subscription_period_count");
  EXPECT_DEATH(period_start(kJan31, {1, PeriodUnit::days}, -1), "subscription_period_index");
}

}  // namespace
}  // namespace tender::engine::billing
