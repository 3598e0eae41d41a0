// The Money page's parts that need no browser: the period query, CSV quoting, the statement's
// paging and mode filter, and the chart figures, on a real SQLite store.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../store_test_support.hpp"
#include "api/portal/money_csv.hpp"
#include "api/portal/money_period.hpp"
#include "api/portal/money_statement.hpp"
#include "api/portal/money_stats.hpp"
#include "engine/purchase.hpp"

namespace tender::api::portal_pages {
namespace {

namespace bj = boost::json;
using store::test_support::make_leg;
using store::test_support::TempSqliteStore;

constexpr std::int64_t kNow = 1'796'601'600 + 12 * 3600;  // 2026-12-07 12:00:00 UTC
constexpr std::int64_t kToday = 1'796'601'600;            // 2026-12-07 00:00:00 UTC

http::Request query(std::vector<std::pair<std::string, std::string>> params) {
  http::Request r;
  r.method = "GET";
  r.path = "/portal/money";
  r.query = std::move(params);
  return r;
}

TEST(MoneyPeriod, TheLast30DaysUpToTodayByDefault) {
  const auto p = read_money_period(query({}), kNow);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.to_text, "2026-12-07");
  EXPECT_EQ(p.from_text, "2026-11-08");
  EXPECT_EQ(p.days(), 30);
  EXPECT_EQ(p.to_seconds, kToday + kSecondsPerDay - 1);
  EXPECT_EQ(p.day_index(kToday - 1), 28);
  EXPECT_EQ(p.day_index(p.from_seconds - 1), -1);
  EXPECT_EQ(p.day_index(p.to_seconds + 1), -1);
}

TEST(MoneyPeriod, DaysAreUtcAndInclusive) {
  const auto p = read_money_period(query({{"from", "2024-02-28"}, {"to", "2024-03-01"}, {"currency", "myr"}}), kNow);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.days(), 3);  // a leap year
  EXPECT_EQ(p.currency, "MYR");
  EXPECT_EQ(day_text(p.day_start(1)), "2024-02-29");
  EXPECT_EQ(p.query(), "from=2024-02-28&to=2024-03-01&currency=MYR");
}

TEST(MoneyPeriod, WrongQueriesSayWhyAndKeepTheDefaultTimes) {
  const auto fallback = read_money_period(query({}), kNow);
  for (auto params : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"from", "2026-02-30"}}, {{"from", "2025-02-29"}}, {{"to", "2026-13-01"}}, {{"from", "26-01-01"}},
           {{"from", "2026-1-01"}}, {{"from", "+026-01-01"}}, {{"from", "1969-12-31"}}, {{"from", std::string(5000, '9')}},
           {{"from", std::string("2026-01-0\0", 10)}}, {{"from", "2026-03-01"}, {"to", "2026-02-01"}},
           {{"from", "2020-01-01"}, {"to", "2022-01-01"}}, {{"currency", "XYZ"}}, {{"currency", "<b>"}}}) {
    const auto p = read_money_period(query(params), kNow);
    EXPECT_NE(p.error, "") << params[0].first << "=" << params[0].second;
    EXPECT_EQ(p.from_seconds, fallback.from_seconds);
    EXPECT_EQ(p.to_seconds, fallback.to_seconds);
    EXPECT_LE(p.from_text.size(), 32u);
  }
  EXPECT_EQ(read_money_period(query({{"from", "2025-12-07"}, {"to", "2026-12-07"}}), kNow).error, "");  // 366 days
}

TEST(MoneyCsv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(MoneyCsv, OnePostingPerRowInMajorAndMinorUnits) {
  auto leg = make_leg("t1", "p1", "merchant_available", -1234, kToday + 3661);
  auto yen = make_leg("t2", "p,2", "fees", 500, kToday);
  yen.currency = "JPY";
  EXPECT_EQ(statement_csv({leg, yen}),
            "created_on,transaction_id,purchase_id,account,kind,currency,amount,amount_minor\r\n"
            "2026-12-07T01:01:01Z,t1,p1,merchant_available,capture,EUR,-12.34,-1234\r\n"
            "2026-12-07T00:00:00Z,t2,\"p,2\",fees,capture,JPY,500,500\r\n");
}

class MoneyStore : public ::testing::Test {
 protected:
  TempSqliteStore store_{"tender_money"};
  engine::Caller test_{"co1", true, ""};
  engine::Caller live_{"co1", false, ""};

  void purchase(const engine::Purchase& p) {
    store::Record r;
    r.kind = "purchase";
    r.id = p.id;
    r.company_id = p.company_id;
    r.created_on = p.created_on;
    r.body = bj::serialize(engine::to_storage(p));
    store_->write([&](store::WriteTxn& tx) { tx.put(r, 0); });
  }
  void purchase_of_mode(const std::string& id, bool is_test) {
    engine::Purchase p;
    p.id = id;
    p.company_id = "co1";
    p.is_test = is_test;
    p.currency = "EUR";
    p.created_on = kToday;
    purchase(p);
  }
  // A balanced transaction of two legs at `second`, in the mode of its purchase (ids "pl…" are live).
  void transaction(const std::string& id, const std::string& purchase_id, std::int64_t second, std::int64_t amount = 100) {
    auto a = make_leg(id, purchase_id, "merchant_available", amount, second);
    auto b = make_leg(id, purchase_id, "payer_funds", -amount, second);
    a.is_test = b.is_test = purchase_id.rfind("pl", 0) != 0;
    store_->write([&](store::WriteTxn& tx) { tx.post({a, b}); });
  }
};

TEST_F(MoneyStore, TheStatementHoldsTheCallersModeAndPagesBetweenSeconds) {
  purchase_of_mode("pt", true);
  purchase_of_mode("pl", false);
  for (int s = 0; s < 5; ++s) transaction("t" + std::to_string(s), "pt", kToday + s);
  transaction("live", "pl", kToday + 2);
  const StatementQuery q{kToday, kToday + kSecondsPerDay - 1, ""};

  const auto all = read_statement(*store_, test_, q, 100, 100);
  EXPECT_EQ(all.rows.size(), 10u);
  EXPECT_FALSE(all.next_at);
  for (const auto& leg : all.rows) EXPECT_EQ(leg.purchase_id, "pt");
  EXPECT_EQ(read_statement(*store_, live_, q, 100, 100).rows.size(), 2u);

  // Three rows asked: the page ends after the second that reached them, never inside one.
  const auto first = read_statement(*store_, test_, q, 3, 100);
  EXPECT_EQ(first.rows.size(), 4u);
  ASSERT_TRUE(first.next_at);
  EXPECT_EQ(*first.next_at, kToday + 2);
  const auto rest = read_statement(*store_, test_, {*first.next_at, q.to_seconds, ""}, 100, 100);
  EXPECT_EQ(rest.rows.size(), 6u);

  EXPECT_EQ(read_statement(*store_, test_, {kToday, kToday + kSecondsPerDay - 1, "MYR"}, 100, 100).rows.size(), 0u);
}

TEST_F(MoneyStore, ASecondOfMoreLegsThanOneReadIsSkippedPastAndSaidSo) {
  purchase_of_mode("pt", true);
  store_->write([&](store::WriteTxn& tx) {
    for (int i = 0; i < 1100; ++i)
      tx.post({make_leg("c" + std::to_string(i), "pt", "merchant_available", 1, kToday),
               make_leg("c" + std::to_string(i), "pt", "payer_funds", -1, kToday)});
  });
  transaction("after", "pt", kToday + 1);
  const auto read = read_statement(*store_, test_, {kToday, kToday + 10, ""}, 100'000, 100'000);
  EXPECT_TRUE(read.crowded_second);
  EXPECT_FALSE(read.next_at);
  EXPECT_EQ(read.rows.back().transaction_id, "after");
  EXPECT_EQ(read.rows.size(), 2002u);

  // The scan bound stops between store reads, with the rest still to come.
  const auto bounded = read_statement(*store_, test_, {kToday, kToday + 10, ""}, 100'000, 1);
  ASSERT_TRUE(bounded.next_at);
  EXPECT_EQ(*bounded.next_at, kToday + 1);
  EXPECT_EQ(bounded.rows.size(), 2000u);
}

TEST_F(MoneyStore, ChartFiguresCountEachEventOnItsDayInTheCallersMode) {
  auto paid = [&](const std::string& id, bool is_test, const std::string& currency, std::int64_t amount, std::int64_t at) {
    engine::Purchase p;
    p.id = id;
    p.company_id = "co1";
    p.is_test = is_test;
    p.currency = currency;
    p.created_on = at;
    p.captured_minor = amount;
    p.payment = engine::Payment{};
    p.payment->amount_minor = amount;
    p.payment->paid_on = at;
    engine::Attempt declined{.type = "execute", .processing_time = at};
    declined.error = engine::AttemptError{"insufficient_funds", "no"};
    p.transaction_data.attempts.push_back(declined);
    p.transaction_data.attempts.push_back(engine::Attempt{.type = "execute", .successful = true, .processing_time = at});
    engine::Attempt refund{.type = "refund", .successful = true, .processing_time = at + kSecondsPerDay};
    refund.extra["amount"] = amount / 2;
    p.transaction_data.attempts.push_back(refund);
    return p;
  };
  purchase(paid("a", true, "EUR", 1000, kToday - kSecondsPerDay));
  purchase(paid("b", true, "MYR", 400, kToday));
  purchase(paid("live", false, "EUR", 9000, kToday));
  auto period = read_money_period(query({{"from", "2026-12-05"}, {"to", "2026-12-07"}}), kNow);

  const auto stats = money_stats(*store_, test_, period);
  EXPECT_EQ(stats.rows_read, 3u);
  EXPECT_FALSE(stats.limit_reached);
  EXPECT_EQ(stats.approved, (std::vector<std::int64_t>{0, 1, 1}));
  EXPECT_EQ(stats.failed, (std::vector<std::int64_t>{0, 1, 1}));
  EXPECT_EQ(stats.decline_reasons, (std::map<std::string, std::int64_t>{{"insufficient_funds", 2}}));
  EXPECT_EQ(stats.paid_minor.at("EUR"), (std::vector<std::int64_t>{0, 1000, 0}));
  EXPECT_EQ(stats.paid_minor.at("MYR"), (std::vector<std::int64_t>{0, 0, 400}));
  EXPECT_EQ(stats.refunded_minor.at("EUR"), (std::vector<std::int64_t>{0, 0, 500}));
  EXPECT_EQ(stats.refunded_minor.count("MYR"), 0u);  // b's refund is tomorrow, after the period
  EXPECT_EQ(stats.currencies, (std::set<std::string>{"EUR", "MYR"}));

  period.currency = "MYR";
  const auto myr = money_stats(*store_, test_, period);
  EXPECT_EQ(myr.approved, (std::vector<std::int64_t>{0, 0, 1}));
  EXPECT_EQ(myr.paid_minor.count("EUR"), 0u);

  period.currency = "";
  const auto live = money_stats(*store_, live_, period);
  EXPECT_EQ(live.paid_minor.at("EUR"), (std::vector<std::int64_t>{0, 0, 9000}));
}

}  // namespace
}  // namespace tender::api::portal_pages
