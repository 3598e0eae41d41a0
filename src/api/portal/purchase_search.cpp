#include "api/portal/purchase_search.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "api/portal/portal_page.hpp"
#include "engine/status.hpp"
#include "json/access.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::api::portal_pages {

namespace bj = boost::json;

namespace {

constexpr std::size_t kScanBatch = 200;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool contains_folded(const std::string& haystack, const std::string& needle_lower) {
  return needle_lower.empty() || lower(haystack).find(needle_lower) != std::string::npos;
}

// "2026-12-07" → its 00:00:00 UTC; nullopt when not a date.
std::optional<std::int64_t> day_start(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  const auto t = timegm(&tm);
  if (tm.tm_mday != d) return std::nullopt;  // 2026-02-30 normalized into March
  return static_cast<std::int64_t>(t);
}

std::string param(const http::Request& r, const char* name) {
  auto v = r.query_param(name).value_or("");
  if (v.size() > kMaxSearchTextBytes) v.resize(kMaxSearchTextBytes);
  // Leading and trailing blanks are never meant.
  auto b = v.find_first_not_of(" \t");
  auto e = v.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
}

}  // namespace

PurchaseSearch PurchaseSearch::from_query(const http::Request& r) {
  PurchaseSearch s;
  s.reference = param(r, "reference");
  s.client_email = param(r, "email");
  s.amount = param(r, "amount");
  s.status = param(r, "status");
  s.currency = param(r, "currency");
  std::transform(s.currency.begin(), s.currency.end(), s.currency.begin(), [](unsigned char c) { return std::toupper(c); });
  s.from = param(r, "from");
  s.to = param(r, "to");
  std::vector<std::string> bad;
  if (!s.status.empty() && !engine::status_from_string(s.status)) bad.push_back("status"), s.status.clear();
  if (!s.currency.empty() && !money::find_currency(s.currency)) bad.push_back("currency"), s.currency.clear();
  if (!s.from.empty() && !day_start(s.from)) bad.push_back("from"), s.from.clear();
  if (!s.to.empty() && !day_start(s.to)) bad.push_back("to"), s.to.clear();
  if (!s.amount.empty() && !money::parse_decimal(s.amount, 4).ok()) bad.push_back("amount"), s.amount.clear();
  const auto after = param(r, "after");  // "<created_on>_<id>"
  if (auto sep = after.find('_'); sep != std::string::npos && sep > 0) {
    try {
      s.after_created_on = std::stoll(after.substr(0, sep));
      s.after_id = after.substr(sep + 1);
    } catch (const std::exception&) {
      bad.push_back("after");
    }
  }
  for (const auto& b : bad) s.error += (s.error.empty() ? "Ignored an unreadable " : ", ") + b;
  return s;
}

std::string PurchaseSearch::query_string() const {
  std::string q;
  auto add = [&](const char* name, const std::string& v) {
    if (!v.empty()) q += std::string(q.empty() ? "" : "&") + name + "=" + url_encode(v);
  };
  add("reference", reference);
  add("email", client_email);
  add("amount", amount);
  add("status", status);
  add("currency", currency);
  add("from", from);
  add("to", to);
  return q;
}

PurchaseSearchPage search_purchases(store::ReadView& view, const std::string& company_id, bool live,
                                    const PurchaseSearch& s) {
  store::ListQuery q;
  q.kind = "purchase";
  q.company_id = company_id;
  if (!s.status.empty()) q.statuses = {s.status};
  if (auto f = day_start(s.from)) q.created_from = *f;
  if (auto t = day_start(s.to)) q.created_to = *t + 86400 - 1;
  q.after_created_on = s.after_created_on;
  if (s.after_created_on) q.after_id = s.after_id;
  q.limit = kScanBatch;
  const auto reference = lower(s.reference), email = lower(s.client_email);

  PurchaseSearchPage page;
  std::size_t scanned = 0;
  while (true) {
    const auto rows = view.list(q);
    for (const auto& r : rows) {
      ++scanned;
      auto p = engine::purchase_from_storage(r.body);
      const bool match = p.is_test != live && (s.currency.empty() || p.currency == s.currency) &&
                         (contains_folded(p.reference, reference) || contains_folded(p.reference_generated, reference)) &&
                         contains_folded(json::text(p.client, "email"), email) &&
                         (s.amount.empty() || [&] {
                           const auto* c = money::find_currency(p.currency);
                           auto want = c ? money::parse_major_units(s.amount, *c) : money::AmountResult{};
                           return c && want.ok() && want.minor == p.total_minor;
                         }());
      if (match) {
        if (page.items.size() == kPurchasesPerPage) {
          const auto& last = page.items.back();
          page.next = {last.created_on, last.id};
          return page;
        }
        page.items.push_back(std::move(p));
      }
      if (scanned >= kMaxScannedPerSearch) {
        page.scan_limited = true;
        page.next = {r.created_on, r.id};
        return page;
      }
    }
    if (rows.size() < q.limit) return page;
    q.after_created_on = rows.back().created_on;
    q.after_id = rows.back().id;
  }
}

}  // namespace tender::api::portal_pages
