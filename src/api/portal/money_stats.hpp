#pragma once
// The Money page's chart figures, computed on the server from the purchases of one mode created
// in the period: per UTC day the amount paid and refunded per currency, the approved and failed
// payment attempts; and the failed attempts per decline reason. Each figure is counted on the day
// it happened (paid_on, an attempt's time), so a purchase created in the period and paid after it
// counts for nothing, and one created before the period is not read at all.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/portal/money_period.hpp"
#include "engine/caller.hpp"
#include "store/store.hpp"

namespace tender::api::portal_pages {

// Purchase rows one page view reads at most (both modes: the mode is inside each document). The
// newest are read first, so past the bound it is the oldest days that are incomplete.
inline constexpr std::size_t kMaxStatsPurchaseRows = 20'000;

struct MoneyStats {
  // Per currency, one entry per day of the period: captured money (paid_on's day) and refunds.
  std::map<std::string, std::vector<std::int64_t>> paid_minor, refunded_minor;
  std::vector<std::int64_t> approved, failed;          // payment attempts per day
  std::map<std::string, std::int64_t> decline_reasons;  // failed payment attempts per stored reason
  std::set<std::string> currencies;  // of every purchase read, whatever the currency filter
  std::size_t rows_read = 0;
  bool limit_reached = false;
  std::int64_t complete_from = 0;  // when limit_reached: figures before this second are incomplete
};

// The figures of `caller`'s company and mode in `period` (its currency only, when it names one).
MoneyStats money_stats(store::Store& store, const engine::Caller& caller, const MoneyPeriod& period);

}  // namespace tender::api::portal_pages
