// The postings of each money movement (src/engine/ledger.hpp): one ledger transaction per
// movement, its legs sum to zero, the accounts and amounts are the documented ones, and legs of
// zero are left out.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/fees.hpp"
#include "engine/ledger.hpp"
#include "engine/purchase.hpp"

namespace tender::engine {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

Purchase purchase(std::int64_t total = 1000) {
  Purchase p;
  p.id = "11111111-2222-4333-8444-555555555555";
  p.company_id = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  p.currency = "MYR";
  p.total_minor = total;
  return p;
}

using Legs = std::map<std::string, std::int64_t>;  // account -> amount

// Checks what every movement has in common and answers account -> amount.
Legs check_transaction(const std::vector<store::Posting>& legs, const Purchase& p, const std::string& kind) {
  Legs out;
  EXPECT_FALSE(legs.empty()) << kind;
  if (legs.empty()) return out;
  std::int64_t sum = 0;
  for (const auto& l : legs) {
    EXPECT_EQ(l.transaction_id, legs.front().transaction_id) << kind << ": one ledger transaction";
    EXPECT_FALSE(l.transaction_id.empty());
    EXPECT_EQ(l.company_id, p.company_id);
    EXPECT_EQ(l.purchase_id, p.id);
    EXPECT_EQ(l.currency, p.currency);
    EXPECT_EQ(l.kind, kind);
    EXPECT_EQ(l.created_on, kNow);
    EXPECT_NE(l.amount_minor, 0) << kind << ": legs of zero are left out (" << l.account << ")";
    EXPECT_TRUE(out.emplace(l.account, l.amount_minor).second) << kind << ": one leg per account";
    sum += l.amount_minor;
  }
  EXPECT_EQ(sum, 0) << kind << ": the legs sum to zero";
  return out;
}

TEST(LedgerPostings, APaymentMovesTheAmountFromThePayerToTheMerchantLessTheFee) {
  auto p = purchase();
  auto legs = check_transaction(payment_postings(p, 1000, 25, kNow), p, "payment");
  EXPECT_EQ(legs, (Legs{{accounts::payer_funds, -1000}, {accounts::merchant_available, 975}, {accounts::fees, 25}}));
}

TEST(LedgerPostings, APaymentWithoutFeeHasNoFeesLeg) {
  auto p = purchase();
  auto legs = check_transaction(payment_postings(p, 1000, 0, kNow), p, "payment");
  EXPECT_EQ(legs, (Legs{{accounts::payer_funds, -1000}, {accounts::merchant_available, 1000}}));
}

TEST(LedgerPostings, AHoldMovesTheTotalFromThePayerToMerchantHeld) {
  auto p = purchase();
  auto legs = check_transaction(hold_postings(p, 1000, kNow), p, "authorization");
  EXPECT_EQ(legs, (Legs{{accounts::payer_funds, -1000}, {accounts::merchant_held, 1000}}));
}

TEST(LedgerPostings, AFullCaptureEmptiesTheHoldIntoAvailableAndFees) {
  auto p = purchase();
  auto legs = check_transaction(capture_postings(p, 1000, 1000, 25, kNow), p, "capture");
  EXPECT_EQ(legs, (Legs{{accounts::merchant_held, -1000}, {accounts::merchant_available, 975}, {accounts::fees, 25}}));
}

TEST(LedgerPostings, APartialCaptureGivesTheRestBackToThePayer) {
  auto p = purchase();
  auto legs = check_transaction(capture_postings(p, 1000, 600, 15, kNow), p, "capture");
  EXPECT_EQ(legs, (Legs{{accounts::merchant_held, -1000},
                        {accounts::merchant_available, 585},
                        {accounts::fees, 15},
                        {accounts::payer_funds, 400}}));
}

TEST(LedgerPostings, AReleaseGivesTheWholeHoldBack) {
  auto p = purchase();
  auto legs = check_transaction(release_postings(p, 1000, kNow), p, "release");
  EXPECT_EQ(legs, (Legs{{accounts::merchant_held, -1000}, {accounts::payer_funds, 1000}}));
}

TEST(LedgerPostings, ARefundComesOutOfAvailableAndTheFeeStays) {
  auto p = purchase();
  auto legs = check_transaction(refund_postings(p, 300, kNow), p, "refund");
  EXPECT_EQ(legs, (Legs{{accounts::merchant_available, -300}, {accounts::payer_funds, 300}}));
  EXPECT_EQ(legs.count(accounts::fees), 0u) << "fees are not returned on refund";
}

TEST(LedgerPostings, AChargebackTakesWhatTheMerchantStillHas) {
  auto p = purchase();
  auto legs = check_transaction(chargeback_postings(p, 700, kNow), p, "chargeback");
  EXPECT_EQ(legs, (Legs{{accounts::merchant_available, -700}, {accounts::payer_funds, 700}}));
}

TEST(LedgerPostings, EachMovementIsItsOwnTransaction) {
  auto p = purchase();
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    ids.insert(payment_postings(p, 1000, 25, kNow).front().transaction_id);
    ids.insert(hold_postings(p, 1000, kNow).front().transaction_id);
    ids.insert(refund_postings(p, 1, kNow).front().transaction_id);
  }
  EXPECT_EQ(ids.size(), 150u);
}

TEST(LedgerPostings, TheCurrencyIsThePurchases) {
  auto p = purchase();
  p.currency = "JPY";
  for (const auto& l : payment_postings(p, 500, 13, kNow)) EXPECT_EQ(l.currency, "JPY");
}

// Whole lives of a purchase: per account, the totals are what the ledger model says.
Legs totals(const std::vector<std::vector<store::Posting>>& movements) {
  Legs out;
  for (const auto& m : movements)
    for (const auto& l : m) out[l.account] += l.amount_minor;
  for (auto it = out.begin(); it != out.end();) it = it->second == 0 ? out.erase(it) : std::next(it);
  return out;
}

TEST(LedgerPostings, HoldCaptureAndRefundsLeaveCapturedMinusFeeMinusRefunded) {
  auto p = purchase(10000);
  FeeSchedule fees{250, 0};
  std::int64_t captured = 7333, fee = fee_for(fees, captured);
  auto t = totals({hold_postings(p, 10000, kNow), capture_postings(p, 10000, captured, fee, kNow),
                   refund_postings(p, 1000, kNow), refund_postings(p, 333, kNow)});
  EXPECT_EQ(t, (Legs{{accounts::merchant_available, captured - fee - 1333},
                     {accounts::fees, fee},
                     {accounts::payer_funds, -(captured - 1333)}}));
}

TEST(LedgerPostings, AHoldThenReleaseLeavesNothing) {
  auto p = purchase();
  EXPECT_TRUE(totals({hold_postings(p, 1000, kNow), release_postings(p, 1000, kNow)}).empty());
}

TEST(LedgerPostings, AFullRefundLeavesTheMerchantPayingTheFee) {
  auto p = purchase();
  auto t = totals({payment_postings(p, 1000, 25, kNow), refund_postings(p, 1000, kNow)});
  EXPECT_EQ(t, (Legs{{accounts::merchant_available, -25}, {accounts::fees, 25}}));
}

TEST(LedgerPostings, RandomMovementsAlwaysBalance) {
  std::mt19937_64 gen(42);
  std::uniform_int_distribution<std::int64_t> amount(1, 10'000'000);
  FeeSchedule fees{275, 30};
  for (int i = 0; i < 2000; ++i) {
    std::int64_t held = amount(gen);
    std::int64_t captured = 1 + static_cast<std::int64_t>(gen() % static_cast<std::uint64_t>(held));
    auto p = purchase(held);
    for (const auto& m : {payment_postings(p, held, fee_for(fees, held), kNow), hold_postings(p, held, kNow),
                          capture_postings(p, held, captured, fee_for(fees, captured), kNow), release_postings(p, held, kNow),
                          refund_postings(p, captured, kNow), chargeback_postings(p, captured, kNow)}) {
      std::int64_t sum = 0;
      for (const auto& l : m) sum += l.amount_minor;
      ASSERT_EQ(sum, 0) << "held " << held << " captured " << captured;
    }
  }
}

}  // namespace
}  // namespace tender::engine
