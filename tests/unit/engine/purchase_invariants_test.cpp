// purchase_invariants.cpp, purchase_writer.cpp and the ledger's own checks: a write that would
// store a broken purchase stops the process with a message naming the invariant, in every build
// type (util/invariant.hpp), before anything is written.
#include "engine/intent_result.hpp"
#include "engine/ledger.hpp"
#include "engine/purchase_invariants.hpp"
#include "engine/purchase_writer.hpp"
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EnginePurchaseInvariantsDeathTest : public EngineTest {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }

  // Changes the stored purchase `id` with `corrupt` through a PurchaseWriter and saves it.
  void write_corrupted(const std::string& id, const std::function<void(PurchaseWriter&)>& corrupt) {
    store_->write([&](store::WriteTxn& tx) {
      PurchaseWriter w(tx, caller, id);
      corrupt(w);
      w.save();
    });
  }
};

TEST_F(EnginePurchaseInvariantsDeathTest, RefundedAboveCaptured) {
  auto p = paid(10000);
  EXPECT_DEATH(write_corrupted(p.id, [](PurchaseWriter& w) { w.purchase().refunded_minor = 10001; }),
               "invariant violated: refunded_within_captured");
  EXPECT_EQ(reload(p.id).refunded_minor, 0);  // nothing was written (in this process)
}

TEST_F(EnginePurchaseInvariantsDeathTest, CapturedAboveAuthorized) {
  auto p = paid(10000);
  EXPECT_DEATH(write_corrupted(p.id, [](PurchaseWriter& w) { w.purchase().captured_minor = 10001; }),
               "invariant violated: captured_within_authorized");
}

TEST_F(EnginePurchaseInvariantsDeathTest, FeeAboveTheAmount) {
  auto p = paid(10000);
  EXPECT_DEATH(write_corrupted(p.id,
                               [](PurchaseWriter& w) {
                                 w.purchase().payment->fee_amount_minor = 10001;
                                 w.purchase().payment->net_amount_minor = -1;
                               }),
               "invariant violated: fee_within_amount");
}

TEST_F(EnginePurchaseInvariantsDeathTest, NetPlusFeeNotTheAmount) {
  auto p = paid(10000);
  EXPECT_DEATH(write_corrupted(p.id, [](PurchaseWriter& w) { w.purchase().payment->net_amount_minor = 1; }),
               "invariant violated: net_plus_fee_is_amount");
}

TEST_F(EnginePurchaseInvariantsDeathTest, ATransitionTheTableRefuses) {
  auto p = paid(10000);
  EXPECT_DEATH(write_corrupted(p.id, [&](PurchaseWriter& w) { w.apply(Operation::capture_succeed, kStart); }),
               "invariant violated: transition_allowed");
  EXPECT_EQ(reload(p.id).status, Status::paid);
}

TEST_F(EnginePurchaseInvariantsDeathTest, AnOpenIntentWithoutAnId) {
  auto p = paid(10000);
  EXPECT_DEATH(write_corrupted(p.id, [](PurchaseWriter& w) { w.purchase().intent.operation = PendingOperation::refund; }),
               "invariant violated: intent_has_id");
}

TEST_F(EnginePurchaseInvariantsDeathTest, AWriteOverANewerVersion) {
  auto p = paid(10000);
  EXPECT_DEATH(store_->write([&](store::WriteTxn& tx) {
    PurchaseWriter first(tx, caller, p.id);
    PurchaseWriter second(tx, caller, p.id);  // read the same version
    first.save();
    second.save();
  }),
               "invariant violated: version_not_stale");
}

TEST_F(EnginePurchaseInvariantsDeathTest, AnAnswerRecordedWithNoIntentOpen) {
  auto p = paid(10000);
  connectors::Outcome approved;
  approved.approved = true;
  EXPECT_DEATH(write_corrupted(p.id, [&](PurchaseWriter& w) { record_result(engine.services, w, approved, kStart); }),
               "invariant violated: result_has_intent");
}

TEST_F(EnginePurchaseInvariantsDeathTest, LedgerCaptureAboveTheHold) {
  auto p = held(10000);
  EXPECT_DEATH(capture_postings(p, 10000, 10001, 0, kStart), "invariant violated: captured_within_authorized");
}

TEST_F(EnginePurchaseInvariantsDeathTest, LedgerFeeAboveThePayment) {
  auto p = create(10000);
  EXPECT_DEATH(payment_postings(p, 10000, 10001, kStart), "invariant violated: fee_within_amount");
  EXPECT_DEATH(capture_postings(p, 10000, 5000, 5001, kStart), "invariant violated: fee_within_amount");
}

TEST_F(EnginePurchaseInvariantsDeathTest, ASlowOperationNeedsAnOpenIntent) {
  EXPECT_DEATH(slow_operation(PendingOperation::none), "invariant violated: slow_operation_of_open_intent");
}

// The same checks pass on everything the engine itself writes.
class EnginePurchaseInvariants : public EngineTest {};

TEST_F(EnginePurchaseInvariants, EngineWritesKeepTheInvariants) {
  auto p = paid(10000);
  engine.lifecycle.refund(caller, p.id, 4000);
  auto h = held(3000);
  engine.lifecycle.capture(caller, h.id, 1000);
  for (const auto& id : {p.id, h.id}) {
    auto stored = reload(id);
    check_invariants(stored);  // would abort
    EXPECT_LE(stored.refunded_minor, stored.captured_minor);
    EXPECT_LE(stored.captured_minor, stored.total_minor);
  }
  EXPECT_TRUE(ledger_problems().empty());
}

}  // namespace
}  // namespace tender::engine::test
