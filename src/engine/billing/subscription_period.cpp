#include "engine/billing/subscription_period.hpp"

#include <algorithm>
#include <chrono>

#include "util/invariant.hpp"

namespace tender::engine::billing {

namespace ch = std::chrono;

std::optional<PeriodUnit> period_unit_from_string(std::string_view text) {
  if (text == "days") return PeriodUnit::days;
  if (text == "weeks") return PeriodUnit::weeks;
  if (text == "months") return PeriodUnit::months;
  return std::nullopt;
}

std::string_view to_string(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::days: return "days";
    case PeriodUnit::weeks: return "weeks";
    case PeriodUnit::months: return "months";
  }
  return "months";
}

std::int64_t period_start(std::int64_t anchor_seconds, Period period, std::int64_t index) {
  TENDER_ASSERT(period.count >= 1 && period.count <= kMaxPeriodCount, "subscription_period_count", "count {}",
                period.count);
  TENDER_ASSERT(index >= 0 && index <= kMaxPeriodIndex, "subscription_period_index", "index {}", index);
  constexpr std::int64_t kDay = 86400;
  switch (period.unit) {
    case PeriodUnit::days: return anchor_seconds + index * period.count * kDay;
    case PeriodUnit::weeks: return anchor_seconds + index * period.count * 7 * kDay;
    case PeriodUnit::months: break;
  }
  const ch::sys_seconds anchor{ch::seconds{anchor_seconds}};
  const auto day = ch::floor<ch::days>(anchor);
  const auto time_of_day = anchor - day;
  const ch::year_month_day ymd{day};
  const ch::year_month target = ch::year_month{ymd.year(), ymd.month()} + ch::months{index * period.count};
  const ch::day last = ch::year_month_day_last{target.year(), ch::month_day_last{target.month()}}.day();
  const ch::year_month_day when{target.year(), target.month(), std::min(ymd.day(), last)};
  return (ch::sys_days{when} + time_of_day).time_since_epoch().count();
}

}  // namespace tender::engine::billing
