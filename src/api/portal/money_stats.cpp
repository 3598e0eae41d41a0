#include "api/portal/money_stats.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "engine/purchase.hpp"
#include "engine/purchase_writer.hpp"
#include "json/access.hpp"

namespace tender::api::portal_pages {

namespace {

namespace bj = boost::json;

constexpr std::size_t kReadBatch = 500;  // purchase rows per store read

// The payer's payment tries (execute_result.cpp, payment_failure.cpp, recurring_charge.cpp); a
// capture, release or refund is the merchant's follow-up, not a payment attempt.
bool is_payment_attempt(const engine::Attempt& a) {
  return a.type == "execute" || a.type == "authorize" || a.type == "recurring_execute";
}

void add_on_day(std::map<std::string, std::vector<std::int64_t>>& series, const std::string& currency, int day,
                int days, std::int64_t amount) {
  auto& s = series[currency];
  if (s.empty()) s.assign(static_cast<std::size_t>(days), 0);
  s[static_cast<std::size_t>(day)] += amount;
}

void count(MoneyStats& stats, const engine::Purchase& p, const MoneyPeriod& period) {
  const int days = period.days();
  if (p.captured_minor > 0 && p.payment) {
    if (const int day = period.day_index(p.payment->paid_on); day >= 0)
      add_on_day(stats.paid_minor, p.currency, day, days, p.captured_minor);
  }
  for (const auto& a : p.transaction_data.attempts) {
    const int day = period.day_index(a.processing_time);
    if (day < 0) continue;
    const auto d = static_cast<std::size_t>(day);
    if (a.type == "refund" && a.successful) {
      add_on_day(stats.refunded_minor, p.currency, day, days, json::integer(a.extra, "amount"));
    } else if (is_payment_attempt(a)) {
      if (a.successful) {
        ++stats.approved[d];
      } else {
        ++stats.failed[d];
        ++stats.decline_reasons[a.error && !a.error->code.empty() ? a.error->code : "unknown"];
      }
    }
  }
}

}  // namespace

MoneyStats money_stats(store::Store& store, const engine::Caller& caller, const MoneyPeriod& period) {
  MoneyStats stats;
  stats.approved.assign(static_cast<std::size_t>(period.days()), 0);
  stats.failed.assign(static_cast<std::size_t>(period.days()), 0);
  store::ListQuery q;
  q.kind = engine::kPurchaseKind;
  q.company_id = caller.company_id;
  q.created_from = period.from_seconds;
  q.created_to = period.to_seconds;
  auto view = store.read();  // one snapshot: a purchase that moves while we read is read once
  while (stats.rows_read < kMaxStatsPurchaseRows) {
    q.limit = std::min(kReadBatch, kMaxStatsPurchaseRows - stats.rows_read);
    const auto rows = view->list(q);
    stats.rows_read += rows.size();
    for (const auto& r : rows) {
      // The mode is inside the document, not a column: the other mode's rows are read and skipped
      // (engine/mode_scoped_list.hpp does the same for lists).
      const auto p = engine::purchase_from_storage(r.body);
      if (p.is_test != caller.is_test) continue;
      stats.currencies.insert(p.currency);
      if (!period.currency.empty() && p.currency != period.currency) continue;
      count(stats, p, period);
    }
    if (rows.size() < q.limit) return stats;
    q.after_created_on = rows.back().created_on;
    q.after_id = rows.back().id;
  }
  // The bound, reached with a full last batch: older purchases may remain unread.
  stats.limit_reached = true;
  stats.complete_from = *q.after_created_on;
  return stats;
}

}  // namespace tender::api::portal_pages
