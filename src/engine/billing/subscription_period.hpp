#pragma once
// A subscription's calendar: "every N days / weeks / months" counted from an anchor instant, in UTC.
// Month periods keep the anchor's day of the month and fall back to the month's last day when it is
// shorter (anchored on 31 January: 28/29 February, 31 March, 30 April...), so a schedule never
// drifts: period k is computed from the anchor, not from period k-1.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tender::engine::billing {

enum class PeriodUnit { days, weeks, months };

std::optional<PeriodUnit> period_unit_from_string(std::string_view text);
std::string_view to_string(PeriodUnit unit);

struct Period {
  std::int64_t count = 1;  // ≥ 1
  PeriodUnit unit = PeriodUnit::months;
};

// Bounds that keep every computed instant inside years 1970..9999.
inline constexpr std::int64_t kMaxPeriodCount = 1000;
inline constexpr std::int64_t kMaxPeriodIndex = 10000;

// The instant `index` periods after `anchor_seconds` (index 0 is the anchor itself).
std::int64_t period_start(std::int64_t anchor_seconds, Period period, std::int64_t index);

}  // namespace tender::engine::billing
