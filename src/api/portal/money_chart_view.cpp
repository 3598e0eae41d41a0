#include "api/portal/money_chart_view.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <set>
#include <vector>

#include "money/currency.hpp"
#include "util/utc_time.hpp"

namespace tender::api::portal_pages {

namespace {

namespace bj = boost::json;

PageData list() { return PageData(PageData::type::list); }

// "insufficient_funds" → "Insufficient funds".
std::string reason_label(std::string code) {
  std::replace(code.begin(), code.end(), '_', ' ');
  if (!code.empty()) code[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[0])));
  return code;
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "–";
  return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

}  // namespace

// The JSON island of portal_charts.js. `<`, `>` and `&` are escaped so that no text inside can
// close the script element.
std::string chart_json(const MoneyPeriod& period, const MoneyStats& stats) {
  bj::array days, day_starts;
  for (int i = 0; i < period.days(); ++i) {
    days.push_back(bj::string(day_text(period.day_start(i))));
    day_starts.push_back(period.day_start(i));
  }
  // Every currency with money in the period has both series, zeros where it had none.
  std::set<std::string> currencies;
  for (const auto& [c, _] : stats.paid_minor) currencies.insert(c);
  for (const auto& [c, _] : stats.refunded_minor) currencies.insert(c);
  bj::object paid, refunded, exponents;
  const std::vector<std::int64_t> zeros(static_cast<std::size_t>(period.days()), 0);
  for (const auto& c : currencies) {
    auto series = [&](const std::map<std::string, std::vector<std::int64_t>>& m) {
      const auto it = m.find(c);
      const auto& values = it == m.end() ? zeros : it->second;
      return bj::array(values.begin(), values.end());
    };
    paid[c] = series(stats.paid_minor);
    refunded[c] = series(stats.refunded_minor);
    const auto* known = money::find_currency(c);
    exponents[c] = known ? known->exponent : 0;
  }
  bj::object reasons, labels;
  for (const auto& [code, n] : stats.decline_reasons) {
    reasons[code] = n;
    labels[code] = reason_label(code);
  }
  const bj::object island{{"days", std::move(days)},
                          {"day_starts", std::move(day_starts)},
                          {"currency", period.currency},
                          {"exponents", std::move(exponents)},
                          {"volume_minor", std::move(paid)},
                          {"refunded_minor", std::move(refunded)},
                          {"paid", bj::array(stats.approved.begin(), stats.approved.end())},
                          {"failed", bj::array(stats.failed.begin(), stats.failed.end())},
                          {"decline_reasons", std::move(reasons)},
                          {"decline_labels", std::move(labels)}};
  std::string out;
  for (char c : bj::serialize(island)) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

// The chart figures as tables: the active days, the decline reasons, and the period's summary.
void set_stats(PageData& d, const MoneyPeriod& period, const MoneyStats& stats) {
  PageData days = list();
  std::int64_t approved = 0, failed = 0;
  for (int i = period.days() - 1; i >= 0; --i) {  // newest first, as the statement is read back
    const auto at = static_cast<std::size_t>(i);
    PageData paid = list(), refunded = list();
    for (const auto& [c, v] : stats.paid_minor)
      if (v[at] != 0) paid.push_back(money_cell(v[at], c));
    for (const auto& [c, v] : stats.refunded_minor)
      if (v[at] != 0) refunded.push_back(money_cell(v[at], c));
    approved += stats.approved[at];
    failed += stats.failed[at];
    if (stats.approved[at] == 0 && stats.failed[at] == 0 && paid.is_empty_list() && refunded.is_empty_list()) continue;
    PageData row;
    row.set("day", day_text(period.day_start(i)));
    row.set("approved", std::to_string(stats.approved[at]));
    row.set("failed", std::to_string(stats.failed[at]));
    row.set("rate", percent_text(stats.approved[at], stats.approved[at] + stats.failed[at]));
    row.set("paid", paid);
    row.set("refunded", refunded);
    days.push_back(row);
  }
  d.set("active_days", days);
  d.set("any_day", !days.is_empty_list());
  d.set("approved_total", std::to_string(approved));
  d.set("failed_total", std::to_string(failed));
  d.set("attempts_total", std::to_string(approved + failed));
  d.set("approval_rate", percent_text(approved, approved + failed));

  std::vector<std::pair<std::string, std::int64_t>> reasons(stats.decline_reasons.begin(), stats.decline_reasons.end());
  std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  PageData reason_rows = list();
  for (const auto& [code, n] : reasons) {
    PageData row;
    row.set("code", code);
    row.set("label", reason_label(code));
    row.set("count", std::to_string(n));
    reason_rows.push_back(row);
  }
  d.set("decline_reasons", reason_rows);
  d.set("any_decline", !reasons.empty());

  PageData currencies = list();
  for (const auto& c : stats.currencies) {
    PageData o;
    o.set("code", c);
    o.set("selected", c == period.currency);
    currencies.push_back(o);
  }
  if (!period.currency.empty() && !stats.currencies.contains(period.currency)) {
    PageData o;  // asked for, even if none of its purchases is in the period
    o.set("code", period.currency);
    o.set("selected", true);
    currencies.push_back(o);
  }
  d.set("currencies", currencies);
  d.set("rows_read", std::to_string(stats.rows_read));
  d.set("stats_limit", std::to_string(kMaxStatsPurchaseRows));
  d.set("stats_limit_reached", stats.limit_reached);
  if (stats.limit_reached) d.set("complete_from", time_text(stats.complete_from));
  d.set("chart_json", chart_json(period, stats));
  d.set("charts", true);
}

}  // namespace tender::api::portal_pages
