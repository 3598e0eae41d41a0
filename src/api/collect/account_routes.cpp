#include "api/collect/account_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <climits>
#include <map>
#include <set>

#include "api/collect/collect_errors.hpp"
#include "api/collect/collect_http.hpp"
#include "api/collect/ledger_period.hpp"
#include "engine/ids.hpp"
#include "engine/ledger.hpp"
#include "json/reader.hpp"
#include "money/currency.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;
using json::ErrorCode;

namespace {

constexpr std::size_t kStatementRows = 10000;             // postings per GET /statement/
constexpr std::size_t kTurnoverPage = 10000;              // postings per ledger read of the turnover
constexpr std::size_t kMaxTurnoverPostings = 1000000;     // postings one turnover may read

// ?currency=, repeatable as CHIP's filters are; every value a known ISO 4217 code, in any case as
// GET /payment_methods/ takes it. Empty: none given.
std::set<std::string> read_currencies(const Request& req, json::FieldErrors& errors) {
  std::set<std::string> currencies;
  for (auto code : req.query_params("currency")) {
    std::transform(code.begin(), code.end(), code.begin(), ::toupper);
    if (!money::find_currency(code)) errors.add("currency", ErrorCode::invalid, "Unknown ISO 4217 currency code.");
    else currencies.insert(code);
  }
  return currencies;
}

// WHMCS sends ?brand_id=: one of the caller's brands. The ledger is kept per company, which its
// brands share, so the balance is the company's.
void check_brand(AccountContext& ctx, const Request& req, const engine::Caller& c, json::FieldErrors& errors) {
  if (auto brand = req.query_param("brand_id"); brand && !ctx.accounts.brand(c.company_id, *brand))
    errors.add("brand_id", ErrorCode::invalid, "No brand with this ID.");
}

// The caller's ledger balances per currency.
struct CurrencyBalance {
  std::int64_t available = 0;  // merchant_available
  std::int64_t held = 0;       // merchant_held
  std::int64_t fees = 0;
  std::int64_t payer_funds = 0;
};

std::map<std::string, CurrencyBalance> balances_by_currency(AccountContext& ctx, const engine::Caller& c) {
  std::map<std::string, CurrencyBalance> out;
  for (const auto& b : engine::company_balances(ctx.store, c)) {
    auto& o = out[b.currency];
    if (b.account == engine::accounts::merchant_available) o.available = b.amount_minor;
    else if (b.account == engine::accounts::merchant_held) o.held = b.amount_minor;
    else if (b.account == engine::accounts::fees) o.fees = b.amount_minor;
    else if (b.account == engine::accounts::payer_funds) o.payer_funds = b.amount_minor;
  }
  return out;
}

// Tender's GET /balance/: every account of every currency.
Response balance(AccountContext& ctx, const engine::Caller& c) {
  bj::object out;
  for (const auto& [currency, b] : balances_by_currency(ctx, c))
    out[currency] = bj::object{{"available", b.available}, {"held", b.held}, {"fees", b.fees}, {"payer_funds", b.payer_funds}};
  return ok_json(200, out);
}

// CHIP's GET /account/json/balance/: {currency: Balance}, the Balance fields of CHIP's generated
// SDKs (chip-csharp-sdk Model/Balance.cs). `balance` is what the merchant has: WHMCS reads
// $value['balance'] of every currency (ChipGateway::account_balance()). There are no payouts,
// reserves or settlement delays in Tender: available_balance is the balance, reserved and
// pending_outgoing are 0; gross_balance is before fees (captured − refunded − charged back).
Response account_balance(AccountContext& ctx, const Request& req, const engine::Caller& c) {
  json::FieldErrors errors;
  auto currencies = read_currencies(req, errors);
  check_brand(ctx, req, c, errors);
  if (!errors.empty()) return validation_error(errors);
  auto balances = balances_by_currency(ctx, c);
  for (const auto& code : currencies) balances.try_emplace(code);  // asked for: shown, if only as 0
  bj::object out;
  for (const auto& [currency, b] : balances) {
    if (!currencies.empty() && !currencies.contains(currency)) continue;
    out[currency] = bj::object{{"gross_balance", b.available + b.fees}, {"balance", b.available},
                               {"available_balance", b.available}, {"reserved", 0}, {"pending_outgoing", 0}};
  }
  return ok_json(200, out);
}

// Tender's GET /statement/: the postings of a period.
Response statement(AccountContext& ctx, const Request& req, const engine::Caller& c) {
  json::FieldErrors errors;
  auto period = read_period(req, errors);
  if (!errors.empty()) return validation_error(errors);
  bj::array rows;
  auto postings = engine::company_postings(ctx.store, c, period.from, period.to, kStatementRows);
  for (const auto& leg : postings)
    rows.push_back(bj::object{{"transaction_id", leg.transaction_id}, {"purchase_id", leg.purchase_id},
                              {"account", leg.account},               {"currency", leg.currency},
                              {"amount", leg.amount_minor},           {"kind", leg.kind},
                              {"created_on", leg.created_on}});
  return ok_json(200, bj::object{{"from", period.from}, {"to", period.to},
                                 {"truncated", postings.size() >= kStatementRows}, {"postings", std::move(rows)}});
}

struct Flow {
  std::int64_t turnover = 0;
  std::int64_t count = 0;  // ledger transactions
  void add(std::int64_t amount) { turnover += amount, ++count; }
};

// The turnover of one currency in a period, from the merchant's side of each ledger transaction
// (merchant_available + fees): a payment or a capture raises it by the amount taken (incoming), a
// refund or a chargeback lowers it (outgoing); holds and releases leave it alone. The postings are
// read in pages; a page ends before its last second, which the next page reads whole, since every
// leg of a transaction has the same created_on. Nullopt: more postings than one call may read.
std::optional<std::pair<Flow, Flow>> turnover_of(AccountContext& ctx, const engine::Caller& c,
                                                 const std::string& currency, Period period) {
  Flow incoming, outgoing;
  for (std::size_t read = 0;;) {
    auto page = engine::company_postings(ctx.store, c, period.from, period.to, kTurnoverPage);
    const bool last = page.size() < kTurnoverPage;
    if (!last && page.front().created_on == page.back().created_on) return std::nullopt;  // one second fills a page
    std::map<std::string, std::int64_t> merchant_side;  // per transaction
    for (const auto& leg : page) {
      if (!last && leg.created_on == page.back().created_on) break;
      if (leg.currency == currency &&
          (leg.account == engine::accounts::merchant_available || leg.account == engine::accounts::fees))
        merchant_side[leg.transaction_id] += leg.amount_minor;
    }
    for (const auto& [transaction, amount] : merchant_side) {
      if (amount > 0) incoming.add(amount);
      else if (amount < 0) outgoing.add(-amount);
    }
    if (last) return std::pair{incoming, outgoing};
    read += page.size();
    if (read > kMaxTurnoverPostings) return std::nullopt;
    period.from = page.back().created_on;
  }
}

// CHIP's GET /account/json/turnover/: a TurnoverPair {incoming, outgoing}, each Turnover
// {turnover, count: {all}} (chip-csharp-sdk Model/TurnoverPair.cs, Turnover.cs, TurnoverCount's
// `all`). WooCommerce asks ?currency=MYR (Chip_Woocommerce_API::turnover()). A turnover is one
// currency's: without exactly one `currency` there is no sum to give.
Response account_turnover(AccountContext& ctx, const Request& req, const engine::Caller& c) {
  json::FieldErrors errors;
  auto currencies = read_currencies(req, errors);
  auto period = read_period(req, errors);
  check_brand(ctx, req, c, errors);
  if (errors.empty() && currencies.empty()) errors.add("currency", ErrorCode::required);
  if (errors.empty() && currencies.size() > 1)
    errors.add("currency", ErrorCode::invalid, "Turnover is given for one currency at a time.");
  if (!errors.empty()) return validation_error(errors);
  auto flows = turnover_of(ctx, c, *currencies.begin(), period);
  if (!flows) {
    errors.add("from", ErrorCode::invalid,
               "More than " + std::to_string(kMaxTurnoverPostings) + " ledger postings in this period; narrow it with from and to.");
    return validation_error(errors);
  }
  auto flow_json = [](const Flow& f) { return bj::object{{"turnover", f.turnover}, {"count", bj::object{{"all", f.count}}}}; };
  return ok_json(200, bj::object{{"incoming", flow_json(flows->first)}, {"outgoing", flow_json(flows->second)}});
}

}  // namespace

void add_account_routes(http::Router& router, AccountContext& ctx, const DialectRoute& authed) {
  const std::string v1 = "/api/v1";
  router.add("GET", v1 + "/balance/", authed([&ctx](Request&, const RouteParams&, const engine::Caller& c) { return balance(ctx, c); }));
  router.add("GET", v1 + "/statement/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return statement(ctx, req, c);
             }));
  router.add("GET", v1 + "/account/json/balance/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return account_balance(ctx, req, c);
             }));
  router.add("GET", v1 + "/account/json/turnover/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return account_turnover(ctx, req, c);
             }));
}

}  // namespace tender::api::collect
