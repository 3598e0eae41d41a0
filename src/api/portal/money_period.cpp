#include "api/portal/money_period.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>

#include "api/portal/portal_page.hpp"
#include "money/currency.hpp"
#include "util/utc_time.hpp"

namespace tender::api::portal_pages {

namespace {

namespace ch = std::chrono;

constexpr std::size_t kMaxEchoedBytes = 32;  // of a wrong value shown back in the form

// "2026-12-07" → its 00:00:00 UTC; nullopt for anything but a real date from 1970 on.
std::optional<std::int64_t> parse_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  const int y = std::stoi(text.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  const ch::year_month_day date{ch::year{y}, ch::month{m}, ch::day{d}};
  if (!date.ok() || y < 1970) return std::nullopt;  // ok() refuses 2026-02-30 and month 13
  return static_cast<std::int64_t>(ch::sys_days{date}.time_since_epoch().count()) * kSecondsPerDay;
}

std::string trimmed(std::string text) {
  if (text.size() > kMaxEchoedBytes) text.resize(kMaxEchoedBytes);
  const auto b = text.find_first_not_of(" \t");
  const auto e = text.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
}

std::int64_t day_floor(std::int64_t unix_seconds) {
  const auto r = unix_seconds % kSecondsPerDay;
  return unix_seconds - (r < 0 ? r + kSecondsPerDay : r);
}

}  // namespace

std::string day_text(std::int64_t unix_seconds) { return util::utc_time(unix_seconds, "%Y-%m-%d"); }

std::string MoneyPeriod::query() const {
  std::string q = "from=" + url_encode(from_text) + "&to=" + url_encode(to_text);
  if (!currency.empty()) q += "&currency=" + url_encode(currency);
  return q;
}

MoneyPeriod read_money_period(const http::Request& req, std::int64_t now_seconds) {
  MoneyPeriod p;
  const std::int64_t today = day_floor(now_seconds);
  p.to_seconds = today + kSecondsPerDay - 1;
  p.from_seconds = today - (kDefaultPeriodDays - 1) * kSecondsPerDay;
  p.from_text = trimmed(req.query_param("from").value_or(""));
  p.to_text = trimmed(req.query_param("to").value_or(""));
  p.currency = trimmed(req.query_param("currency").value_or(""));
  std::transform(p.currency.begin(), p.currency.end(), p.currency.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });

  std::optional<std::int64_t> from = p.from_seconds, to = p.to_seconds - (kSecondsPerDay - 1);
  if (!p.from_text.empty()) from = parse_day(p.from_text);
  if (!p.to_text.empty()) to = parse_day(p.to_text);
  if (!from || !to) {
    p.error = std::string("The ") + (!from ? "start" : "end") + " date is not a date: write it as YYYY-MM-DD, for example " +
              day_text(today) + ".";
  } else if (*from > *to) {
    p.error = "The start date is after the end date.";
  } else if ((*to - *from) / kSecondsPerDay + 1 > kMaxPeriodDays) {
    p.error = "A period is at most " + std::to_string(kMaxPeriodDays) + " days long; choose a shorter one.";
  } else if (!p.currency.empty() && !money::find_currency(p.currency)) {
    p.error = "\"" + p.currency + "\" is not an ISO 4217 currency code.";
  }
  if (!p.error.empty()) {
    if (p.from_text.empty()) p.from_text = day_text(p.from_seconds);
    if (p.to_text.empty()) p.to_text = day_text(p.to_seconds);
    return p;
  }
  p.from_seconds = *from;
  p.to_seconds = *to + kSecondsPerDay - 1;
  p.from_text = day_text(p.from_seconds);
  p.to_text = day_text(p.to_seconds);
  return p;
}

}  // namespace tender::api::portal_pages
