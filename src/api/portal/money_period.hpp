#pragma once
// What the Money page is asked to show: ?from=&to= as UTC days (YYYY-MM-DD, both inclusive; the
// last 30 days up to today by default) and ?currency= (an ISO 4217 code; empty: every currency).
// A wrong query is not an error page: the form comes back with what was typed and the reason.
#include <cstdint>
#include <string>

#include "http/message.hpp"

namespace tender::api::portal_pages {

inline constexpr std::int64_t kSecondsPerDay = 86'400;
inline constexpr int kDefaultPeriodDays = 30;
// A year and a day: every per-day series (chart data, tables) stays a few hundred entries long.
inline constexpr int kMaxPeriodDays = 366;

struct MoneyPeriod {
  std::string from_text, to_text;  // as the form shows them (as typed, when wrong)
  std::int64_t from_seconds = 0;   // 00:00:00 UTC of the first day
  std::int64_t to_seconds = 0;     // 23:59:59 UTC of the last day
  std::string currency;            // upper-case ISO 4217 code, or empty for every currency
  std::string error;               // why the query was refused; empty when it was not

  int days() const { return static_cast<int>((to_seconds + 1 - from_seconds) / kSecondsPerDay); }
  std::int64_t day_start(int index) const { return from_seconds + index * kSecondsPerDay; }
  // The index of the day holding `unix_seconds`, or -1 outside the period.
  int day_index(std::int64_t unix_seconds) const {
    if (unix_seconds < from_seconds || unix_seconds > to_seconds) return -1;
    return static_cast<int>((unix_seconds - from_seconds) / kSecondsPerDay);
  }
  // "from=…&to=…[&currency=…]": the same period in a link.
  std::string query() const;
};

// The period of the request; `now_seconds` (the engine's clock, so that the test clock's purchases
// fall in "today") decides the default. On a wrong query `error` is set and the times are the
// default period's.
MoneyPeriod read_money_period(const http::Request& req, std::int64_t now_seconds);

// "2026-12-07" for any second of that UTC day.
std::string day_text(std::int64_t unix_seconds);

}  // namespace tender::api::portal_pages
