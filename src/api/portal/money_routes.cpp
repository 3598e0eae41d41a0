// The Money page (GET /portal/money): the ledger's balance, the charts of a period's payments
// (money_stats), the statement of the period (money_statement), and the statement as CSV
// (GET /portal/money/statement.csv). Everything is of the session's mode: each posting carries its
// purchase's mode.
//
// The charts are drawn by portal_charts.js (uPlot) from a JSON island; the same figures are in
// tables, so the page says everything without script.
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/portal/money_chart_view.hpp"
#include "api/portal/money_csv.hpp"
#include "api/portal/money_period.hpp"
#include "api/portal/money_statement.hpp"
#include "api/portal/money_stats.hpp"
#include "api/portal/portal_page.hpp"
#include "api/portal/portal_routes.hpp"
#include "engine/ledger.hpp"
#include "money/currency.hpp"
#include "util/utc_time.hpp"

namespace tender::api::portal_pages {

namespace {

namespace bj = boost::json;

struct AccountName {
  std::string_view account;
  std::string_view label;
};

// The merchant's side of the ledger, in the order shown. payer_funds (the card networks' side)
// mirrors these and is not the merchant's money: the balance leaves it out, the statement's legs
// show it, since each ledger transaction sums to zero only with it.
constexpr AccountName kBalanceAccounts[] = {
    {engine::accounts::merchant_available, "Available"},
    {engine::accounts::merchant_held, "Held (authorized, not captured)"},
    {engine::accounts::fees, "Fees charged"},
};
constexpr AccountName kAllAccounts[] = {
    kBalanceAccounts[0], kBalanceAccounts[1], kBalanceAccounts[2],
    {engine::accounts::payer_funds, "Card networks"},
};

std::string account_label(const std::string& account) {
  for (const auto& a : kAllAccounts)
    if (a.account == account) return std::string(a.label);
  return account;
}

// The first characters of a UUID: enough to tell rows apart on screen; links and the CSV have it whole.
std::string short_id(const std::string& id) { return id.size() > 8 ? id.substr(0, 8) + "…" : id; }

PageData list() { return PageData(PageData::type::list); }


// The balance table: one row per currency and merchant account.
PageData balance_rows(PortalContext& ctx, const SignedIn& who) {
  std::map<std::pair<std::string, std::string>, std::int64_t> amounts;  // (currency, account)
  std::set<std::string> currencies;
  for (const auto& b : engine::company_balances(ctx.store, who.caller())) {
    amounts[{b.currency, b.account}] = b.amount_minor;
    currencies.insert(b.currency);
  }
  PageData rows = list();
  for (const auto& currency : currencies)
    for (const auto& a : kBalanceAccounts) {
      auto it = amounts.find({currency, std::string(a.account)});
      PageData row = money_cell(it == amounts.end() ? 0 : it->second, currency);
      row.set("account", std::string(a.account));
      row.set("label", std::string(a.label));
      row.set("currency", currency);
      rows.push_back(row);
    }
  return rows;
}

// One page of statement rows out of a complete read: whole seconds from `at`, until `max_rows`.
StatementRead page_of(const StatementRead& all, std::int64_t at, std::size_t max_rows) {
  StatementRead page;
  auto it = std::find_if(all.rows.begin(), all.rows.end(), [&](const store::Posting& p) { return p.created_on >= at; });
  for (; it != all.rows.end(); ++it) {
    if (page.rows.size() >= max_rows && it->created_on != page.rows.back().created_on) {
      page.next_at = it->created_on;
      break;
    }
    page.rows.push_back(*it);
  }
  page.crowded_second = all.crowded_second;
  return page;
}

// The statement: the period's totals per currency and account, and one page of postings.
void set_statement(PageData& d, PortalContext& ctx, const SignedIn& who, const MoneyPeriod& period, std::int64_t at) {
  const StatementQuery query{period.from_seconds, period.to_seconds, period.currency};
  const auto all = read_statement(ctx.store, who.caller(), query, kStatementTotalsScan, kStatementTotalsScan);
  const bool complete = !all.next_at;
  if (complete) {
    std::map<std::pair<std::string, std::string>, std::int64_t> sums;  // (currency, account)
    for (const auto& leg : all.rows) sums[{leg.currency, leg.account}] += leg.amount_minor;
    PageData totals = list();
    for (const auto& [key, minor] : sums) {
      PageData row = money_cell(minor, key.first);
      row.set("currency", key.first);
      row.set("account", key.second);
      row.set("label", account_label(key.second));
      totals.push_back(row);
    }
    d.set("totals", totals);
    d.set("any_total", !sums.empty());
    d.set("posting_count", std::to_string(all.rows.size()));
  } else {
    d.set("totals_limit", std::to_string(kStatementTotalsScan));
  }
  d.set("totals_complete", complete);

  const StatementQuery from_at{at, period.to_seconds, period.currency};
  const auto page = complete ? page_of(all, at, kStatementPageRows)
                             : read_statement(ctx.store, who.caller(), from_at, kStatementPageRows, kStatementPageScan);
  PageData rows = list();
  for (const auto& leg : page.rows) {
    PageData row = money_cell(leg.amount_minor, leg.currency);
    row.set("day", day_text(leg.created_on));
    row.set("clock", util::utc_time(leg.created_on, "%H:%M:%S"));
    row.set("transaction_id", leg.transaction_id);
    row.set("transaction_short", short_id(leg.transaction_id));
    row.set("purchase_id", leg.purchase_id);
    row.set("purchase_short", short_id(leg.purchase_id));
    row.set("has_purchase", !leg.purchase_id.empty());
    row.set("kind", leg.kind);
    row.set("account", leg.account);
    row.set("account_label", account_label(leg.account));
    row.set("currency", leg.currency);
    rows.push_back(row);
  }
  d.set("postings", rows);
  d.set("any_posting", !page.rows.empty());
  d.set("crowded_second", page.crowded_second || all.crowded_second);
  if (page.next_at) d.set("next_link", "/portal/money?" + period.query() + "&at=" + std::to_string(*page.next_at));
  if (at > period.from_seconds) d.set("first_link", "/portal/money?" + period.query());
  d.set("csv_link", "/portal/money/statement.csv?" + period.query());
}

// ?at=: where the statement page starts, a second within the period; nullopt when wrong.
std::optional<std::int64_t> read_at(const Request& req, const MoneyPeriod& period) {
  const auto text = req.query_param("at");
  if (!text || text->empty()) return period.from_seconds;
  std::int64_t at = 0;
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, at);
  if (ec != std::errc() || ptr != end || at < period.from_seconds || at > period.to_seconds) return std::nullopt;
  return at;
}

Response money_page(PortalContext& ctx, Request& req, SignedIn& who) {
  auto period = read_money_period(req, ctx.clock.now_seconds());
  const auto at = period.error.empty() ? read_at(req, period) : std::nullopt;
  if (period.error.empty() && !at) period.error = "That statement page is outside the period; start again from its first page.";
  PageData d;
  d.set("title", "Money");
  d.set("live", who.session.live);
  d.set("from", period.from_text);
  d.set("to", period.to_text);
  d.set("currency", period.currency);
  d.set("has_currency", !period.currency.empty());
  d.set("balances", balance_rows(ctx, who));
  d.set("max_days", std::to_string(kMaxPeriodDays));
  if (!period.error.empty()) {
    d.set("error", period.error);
    return html(400, render("money", d, &who, "money"));
  }
  d.set("shown", true);
  d.set("period_text", period.from_text + " to " + period.to_text);
  set_stats(d, period, money_stats(ctx.store, who.caller(), period));
  set_statement(d, ctx, who, period, *at);
  return html(200, render("money", d, &who, "money"));
}

Response statement_csv_download(PortalContext& ctx, Request& req, SignedIn& who) {
  const auto period = read_money_period(req, ctx.clock.now_seconds());
  if (!period.error.empty()) return error_page(400, "Not a period", period.error, &who);
  const StatementQuery query{period.from_seconds, period.to_seconds, period.currency};
  const auto read = read_statement(ctx.store, who.caller(), query, kStatementCsvRows, kStatementCsvRows);
  // Never a file silently cut short: an accountant would take it for the whole period.
  if (read.next_at)
    return error_page(400, "Too many postings",
                      "This period has more than " + std::to_string(kStatementCsvRows) +
                          " ledger postings to read; download it in shorter periods.",
                      &who);
  std::string name = "tender-statement-" + std::string(who.session.live ? "live" : "test") + "-" + period.from_text + "-to-" +
                     period.to_text + (period.currency.empty() ? "" : "-" + period.currency) + ".csv";
  Response r{200, "text/csv; charset=utf-8", statement_csv(read.rows), {}};
  r.with_header("Content-Disposition", "attachment; filename=\"" + name + "\"")
      .with_header("Cache-Control", "no-store")
      .with_header("X-Content-Type-Options", "nosniff");
  if (read.crowded_second) r.with_header("X-Tender-Statement-Incomplete", "a second held more postings than one read");
  return r;
}

}  // namespace

void add_money_routes(http::Router& router, PortalContext& ctx) {
  router.add("GET", "/portal/money", page(ctx, Permission::read, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
               return money_page(ctx, req, who);
             }));
  router.add("GET", "/portal/money/statement.csv",
             page(ctx, Permission::read, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
               return statement_csv_download(ctx, req, who);
             }));
}

}  // namespace tender::api::portal_pages
