// check_ledger (src/engine/ledger.cpp, `tender ledger check`) against a real SQLite store in a
// temporary directory: consistent purchases pass; each kind of broken purchase is reported.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/fees.hpp"
#include "engine/ids.hpp"
#include "engine/ledger.hpp"
#include "engine/purchase.hpp"
#include "engine/purchase_commands.hpp"
#include "store/store.hpp"

namespace tender::engine {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kCompany = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

class LedgerCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "tender_ledger_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store::SqliteOptions options;
    options.path = (dir_ / "tender.db").string();
    store_ = store::open_sqlite(options);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Purchase make(Status status, std::int64_t total = 1000, std::int64_t created_on = kNow) {
    Purchase p;
    p.id = new_id();
    p.company_id = kCompany;
    p.brand_id = new_id();
    p.currency = "MYR";
    p.total_minor = total;
    p.status = status;
    p.created_on = p.updated_on = created_on;
    p.status_history.push_back({Status::created, created_on, std::nullopt});
    if (status != Status::created) p.status_history.push_back({status, created_on, std::nullopt});
    return p;
  }

  // Stores the purchase and the postings, in one transaction, as the engine does.
  void save(const Purchase& p, const std::vector<std::vector<store::Posting>>& movements = {}) {
    store_->write([&](store::WriteTxn& tx) {
      auto record = purchase_record(p);
      tx.put(record, 0);
      for (const auto& m : movements) tx.post(m);
    });
  }

  LedgerCheck check() {
    auto view = store_->read();
    return check_ledger(*view);
  }

  static bool mentions(const LedgerCheck& c, const std::string& a, const std::string& b = "") {
    return std::any_of(c.problems.begin(), c.problems.end(), [&](const std::string& s) {
      return s.find(a) != std::string::npos && (b.empty() || s.find(b) != std::string::npos);
    });
  }
  static std::string all(const LedgerCheck& c) {
    std::string out;
    for (const auto& s : c.problems) out += s + "\n";
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(LedgerCheckTest, AnEmptyStoreIsBalanced) {
  auto c = check();
  EXPECT_TRUE(c.ok());
  EXPECT_EQ(c.purchases, 0u);
  EXPECT_EQ(c.postings, 0u);
}

TEST_F(LedgerCheckTest, ConsistentPurchasesOfEveryKindPass) {
  FeeSchedule fees{250, 0};
  // Unpaid: nothing.
  save(make(Status::created));
  // Paid at once.
  auto paid = make(Status::paid);
  paid.captured_minor = 1000;
  save(paid, {payment_postings(paid, 1000, fee_for(fees, 1000), kNow)});
  // On hold.
  auto hold = make(Status::hold);
  save(hold, {hold_postings(hold, 1000, kNow)});
  // Held, partially captured, refunded twice.
  auto refunded = make(Status::refunded, 5000);
  refunded.captured_minor = 3000;
  refunded.refunded_minor = 1500;
  save(refunded, {hold_postings(refunded, 5000, kNow), capture_postings(refunded, 5000, 3000, fee_for(fees, 3000), kNow),
                  refund_postings(refunded, 1000, kNow), refund_postings(refunded, 500, kNow)});
  // Released.
  auto released = make(Status::released);
  save(released, {hold_postings(released, 1000, kNow), release_postings(released, 1000, kNow)});
  // Charged back after a partial refund.
  auto cb = make(Status::chargeback, 2000);
  cb.captured_minor = 2000;
  cb.refunded_minor = 200;
  cb.charged_back_minor = 1800;
  save(cb, {payment_postings(cb, 2000, 50, kNow), refund_postings(cb, 200, kNow), chargeback_postings(cb, 1800, kNow)});
  // Marked as paid, preauthorized: no money through Tender.
  auto marked = make(Status::paid);
  marked.marked_as_paid = true;
  save(marked);
  save(make(Status::preauthorized, 0));
  // A capture in flight still holds the money.
  auto capturing = make(Status::pending_capture);
  save(capturing, {hold_postings(capturing, 1000, kNow)});

  auto c = check();
  EXPECT_TRUE(c.ok()) << all(c);
  EXPECT_EQ(c.purchases, 9u);
  EXPECT_EQ(c.postings, 3u + 2u + (2u + 4u + 2u + 2u) + (2u + 2u) + (3u + 2u + 2u) + 2u);
}

TEST_F(LedgerCheckTest, TheStoreRefusesAnUnbalancedTransaction) {
  auto p = make(Status::paid);
  p.captured_minor = 1000;
  auto legs = payment_postings(p, 1000, 25, kNow);
  legs.pop_back();  // lose the fees leg
  EXPECT_ANY_THROW(save(p, {legs}));
  EXPECT_EQ(check().purchases, 0u) << "nothing of the refused transaction was written";
}

TEST_F(LedgerCheckTest, ATransactionLegBookedOnAnotherPurchaseIsReported) {
  // Balanced as a whole, so the store takes it, but the fee leg names another purchase: each
  // purchase's part of the transaction no longer sums to zero.
  auto p = make(Status::paid);
  p.captured_minor = 1000;
  auto q = make(Status::created);
  auto legs = payment_postings(p, 1000, 25, kNow);
  for (auto& l : legs)
    if (l.account == accounts::fees) l.purchase_id = q.id;
  save(q);
  save(p, {legs});
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, legs.front().transaction_id, "sums to -25")) << all(c);
  EXPECT_TRUE(mentions(c, legs.front().transaction_id, "sums to 25")) << all(c);
}

TEST_F(LedgerCheckTest, ALegChangedInTheDatabaseIsReported) {
  auto p = make(Status::paid);
  p.captured_minor = 1000;
  auto legs = payment_postings(p, 1000, 25, kNow);
  save(p, {legs});
  ASSERT_TRUE(check().ok());
  store_.reset();  // close, then tamper with the file as another program could
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "tender.db").string().c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, "UPDATE postings SET amount_minor = 30 WHERE account = 'fees'", nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_close(db);
  store::SqliteOptions options;
  options.path = (dir_ / "tender.db").string();
  store_ = store::open_sqlite(options);
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, legs.front().transaction_id, "sums to 5")) << all(c);
  EXPECT_TRUE(mentions(c, p.id, "merchant balance 1005")) << all(c);
}

TEST_F(LedgerCheckTest, CapturedMoneyWithoutPostingsIsReported) {
  auto p = make(Status::paid);
  p.captured_minor = 1000;
  save(p);
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, p.id, "merchant balance 0")) << all(c);
}

TEST_F(LedgerCheckTest, ARefundRecordedOnThePurchaseButNotInTheLedgerIsReported) {
  auto p = make(Status::refunded);
  p.captured_minor = 1000;
  p.refunded_minor = 400;
  save(p, {payment_postings(p, 1000, 25, kNow)});
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, p.id, "merchant balance 1000")) << all(c);
}

TEST_F(LedgerCheckTest, PostingsOfAPurchaseThatCapturedNothingAreReported) {
  auto p = make(Status::created);
  save(p, {payment_postings(p, 1000, 25, kNow)});
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, p.id, "merchant balance 1000")) << all(c);
}

TEST_F(LedgerCheckTest, AHoldWithoutItsHeldMoneyIsReported) {
  auto p = make(Status::hold);
  save(p);
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, p.id, "held 0 but open hold 1000")) << all(c);
}

TEST_F(LedgerCheckTest, HeldMoneyLeftAfterACaptureIsReported) {
  auto p = make(Status::paid);
  p.captured_minor = 1000;
  save(p, {hold_postings(p, 1000, kNow), payment_postings(p, 1000, 25, kNow)});
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, p.id, "held 1000 but open hold 0")) << all(c);
}

TEST_F(LedgerCheckTest, MovingMoreThanTheTotalIsReported) {
  auto over = make(Status::paid, 1000);
  over.captured_minor = 1500;
  save(over, {payment_postings(over, 1500, 0, kNow)});
  auto refunded = make(Status::refunded, 1000);
  refunded.captured_minor = 500;
  refunded.refunded_minor = 600;
  save(refunded, {payment_postings(refunded, 500, 0, kNow), refund_postings(refunded, 600, kNow)});
  auto c = check();
  EXPECT_TRUE(mentions(c, over.id, "moved more than its total")) << all(c);
  EXPECT_TRUE(mentions(c, refunded.id, "moved more than its total")) << all(c);
}

TEST_F(LedgerCheckTest, APostingInAnotherCurrencyIsReported) {
  auto p = make(Status::paid);
  p.captured_minor = 1000;
  auto other = p;
  other.currency = "EUR";
  save(p, {payment_postings(other, 1000, 25, kNow)});
  auto c = check();
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(mentions(c, p.id, "another currency")) << all(c);
}

TEST_F(LedgerCheckTest, OneBrokenPurchaseAmongGoodOnesIsFoundAndNamed) {
  for (int i = 0; i < 20; ++i) {
    auto p = make(Status::paid, 1000 + i);
    p.captured_minor = p.total_minor;
    save(p, {payment_postings(p, p.total_minor, 25, kNow + i)});
  }
  auto broken = make(Status::refunded);
  broken.captured_minor = 1000;
  broken.refunded_minor = 1000;
  save(broken, {payment_postings(broken, 1000, 25, kNow)});  // the refund postings are missing
  auto c = check();
  ASSERT_EQ(c.problems.size(), 1u) << all(c);
  EXPECT_TRUE(mentions(c, broken.id)) << all(c);
  EXPECT_EQ(c.purchases, 21u);
}

TEST_F(LedgerCheckTest, EveryPurchaseIsCheckedBeyondOnePage) {
  // check_ledger reads purchases 1000 at a time; all with the same created_on, the worst case
  // for keyset paging.
  std::vector<Purchase> all_paid;
  store_->write([&](store::WriteTxn& tx) {
    for (int i = 0; i < 2100; ++i) {
      auto p = make(Status::paid, 100);
      p.captured_minor = 100;
      auto record = purchase_record(p);
      tx.put(record, 0);
      tx.post(payment_postings(p, 100, 3, kNow));
    }
  });
  auto broken = make(Status::paid, 100, kNow - 1000);  // the oldest: on the last page
  broken.captured_minor = 100;
  save(broken);
  auto c = check();
  EXPECT_EQ(c.purchases, 2101u);
  EXPECT_EQ(c.postings, 2100u * 3u);
  ASSERT_EQ(c.problems.size(), 1u) << all(c);
  EXPECT_TRUE(mentions(c, broken.id));
}

}  // namespace
}  // namespace tender::engine
