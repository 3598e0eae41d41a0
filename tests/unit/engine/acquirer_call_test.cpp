// AcquirerCalls (engine/acquirer_call.cpp): a call that fails without an answer may still have
// been applied by the acquirer. Found by the deterministic simulation (tests/sim/, seed 6): a
// pay_now whose approval was lost on the way back was recorded as a connection_error while the
// acquirer had authorized the money.
#include "engine_fixture.hpp"

namespace tender::engine::test {

namespace {

class EngineAcquirerCall : public EngineTest {};

TEST_F(EngineAcquirerCall, ALostApprovalIsAskedForAndRecordedAsPaid) {
  acquirer->script(Answer::approved_but_lost());
  auto result = pay(create(10000));

  EXPECT_EQ(result.outcome, PayOutcome::succeeded) << result.error_code;
  EXPECT_EQ(result.purchase.status, Status::paid);
  EXPECT_FALSE(result.purchase.intent.open());
  EXPECT_EQ(acquirer->status_inquiries(), 1u);
  EXPECT_EQ(postings_kinds(result.purchase.id), std::vector<std::string>{"payment"});
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineAcquirerCall, ALostRefundAnswerIsRecordedAsTheRefundItWas) {
  auto p = paid(10000);
  acquirer->script(Answer::approved_but_lost());
  auto refunded = engine.lifecycle.refund(caller, p.id, 2500);

  EXPECT_EQ(refunded.status, Status::refunded);
  EXPECT_EQ(refunded.refunded_minor, 2500);
  EXPECT_EQ(acquirer->requests_of(RequestKind::refund).size(), 1u);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineAcquirerCall, ARequestThatNeverReachedTheAcquirerStillFails) {
  acquirer->script(Answer::never_reached());
  auto result = pay(create(10000));

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "connection_error");
  EXPECT_EQ(acquirer->status_inquiries(), 1u);
}

// A company whose calls wait for the acquirer pool beyond its queue's bound: the payment fails at
// once with connection_error, the call never reaches the acquirer, the intent is closed and the
// process goes on (the bound used to be an assertion that aborted it).
TEST_F(EngineAcquirerCall, APaymentBeyondTheCompanysQueueFailsWithoutReachingTheAcquirer) {
  EngineServices services = engine.services;
  services.options.acquirer_wait_ms = 0;             // requests stop waiting, their calls stay queued
  services.options.acquirer_queue_per_company = 1;
  AcquirerCalls calls(services);                     // 4 threads: 2 calls of one company at once
  PaymentCommands payments(services, calls, engine.purchases);
  for (int i = 0; i < 3; ++i) acquirer->script(Answer::approve().held_back());
  std::vector<Purchase> accepted;
  for (int i = 0; i < 3; ++i) {  // two on the pool, one waiting
    auto result = payments.pay_with_card(create(1000 + i).id, card());
    EXPECT_EQ(result.outcome, PayOutcome::pending) << i;
    accepted.push_back(result.purchase);
  }
  acquirer->await_operation(accepted[0].intent.id);
  acquirer->await_operation(accepted[1].intent.id);

  auto refused = payments.pay_with_card(create(5000).id, card());
  EXPECT_EQ(refused.outcome, PayOutcome::failed);
  EXPECT_EQ(refused.error_code, "connection_error");
  EXPECT_FALSE(refused.purchase.intent.open());
  EXPECT_FALSE(reload(refused.purchase.id).intent.open());
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).size(), 2u) << "the refused call reached the acquirer";

  acquirer->release(3);
  calls.wait_idle();
  for (const auto& p : accepted) EXPECT_EQ(reload(p.id).status, Status::paid) << p.id;
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).size(), 3u);
  EXPECT_EQ(acquirer->status_inquiries(), 0u);
  EXPECT_TRUE(ledger_problems().empty());
}

// A connector that answers follow-ups at once, in process (the sandbox without its delay): the
// operation is opened, called and recorded in one transaction, with no intent written.
class EngineFollowUpAtOnce : public EngineTest {
 protected:
  EngineFollowUpAtOnce() { acquirer->answer_at_once(true); }
};

TEST_F(EngineFollowUpAtOnce, ACaptureIsOneWrite) {
  auto p = held(10000);
  auto captured = engine.lifecycle.capture(caller, p.id, 6000);

  EXPECT_EQ(captured.status, Status::paid);
  EXPECT_FALSE(captured.intent.open());
  auto stored = reload(p.id);
  EXPECT_EQ(stored.version, p.version + 1) << "opened, called and recorded in one transaction";
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.captured_minor, 6000);
  EXPECT_EQ(last_attempt(stored).type, "capture");
  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -6000}, {"merchant_available", 5850}, {"fees", 150}}));
  EXPECT_EQ(events(p.id).back(), "purchase.captured");
  EXPECT_EQ(acquirer->requests_of(RequestKind::capture).size(), 1u);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineFollowUpAtOnce, ARefundAndAReleaseAreOneWriteEach) {
  auto p = paid(10000);
  std::string refund_id;
  auto refunded = engine.lifecycle.refund(caller, p.id, 2500, &refund_id);
  EXPECT_EQ(refunded.refunded_minor, 2500);
  EXPECT_EQ(reload(p.id).version, p.version + 1);
  auto refunds = engine.lifecycle.refunds_of(caller, p.id);
  ASSERT_EQ(refunds.size(), 1u);
  EXPECT_EQ(refunds[0].id, refund_id);
  EXPECT_EQ(refunds[0].amount_minor, 2500);

  auto h = held(4000);
  auto released = engine.lifecycle.release(caller, h.id);
  EXPECT_EQ(released.status, Status::released);
  EXPECT_EQ(reload(h.id).version, h.version + 1);
  EXPECT_FALSE(timer(h.id, "hold_expiry"));
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineFollowUpAtOnce, ADeclineKeepsTheHoldAndRecordsTheAttempt) {
  auto p = held(10000);
  acquirer->script(Answer::decline(DeclineReason::acquirer_error));
  EXPECT_EQ(error_of([&] { engine.lifecycle.capture(caller, p.id, std::nullopt); }).code(), "purchase_capture_error");

  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_EQ(stored.version, p.version + 1);
  EXPECT_EQ(last_error_code(stored), "acquirer_error");
  EXPECT_TRUE(timer(p.id, "hold_expiry"));
  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -10000}, {"merchant_held", 10000}}));
}

TEST_F(EngineFollowUpAtOnce, ARefusedOperationCallsNothingAndWritesNothing) {
  auto p = paid(10000);
  EXPECT_EQ(error_of([&] { engine.lifecycle.capture(caller, p.id, std::nullopt); }).code(), "purchase_capture_error");
  EXPECT_EQ(error_of([&] { engine.lifecycle.refund(caller, p.id, 10001); }).code(), "max_value");
  EXPECT_TRUE(acquirer->requests_of(RequestKind::capture).empty());
  EXPECT_TRUE(acquirer->requests_of(RequestKind::refund).empty());
  EXPECT_EQ(reload(p.id).version, p.version);
}

TEST_F(EngineFollowUpAtOnce, APurchaseChangedDuringTheCallIsAConflictAndNothingIsWritten) {
  auto p = held(10000);
  // Something else (another node, a timer) writes the purchase while the acquirer answers.
  acquirer->while_answering([&] {
    store_->write([&](store::WriteTxn& tx) {
      PurchaseWriter w(tx, caller, p.id);
      w.purchase().reference = "changed meanwhile";
      w.save();
    });
  });
  auto e = error_of([&] { engine.lifecycle.capture(caller, p.id, std::nullopt); });
  acquirer->while_answering(nullptr);
  EXPECT_EQ(e.kind(), ErrorKind::conflict);

  auto stored = reload(p.id);
  EXPECT_EQ(stored.version, p.version + 1) << "only the other write";
  EXPECT_EQ(stored.reference, "changed meanwhile");
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_EQ(stored.captured_minor, 0);
  EXPECT_EQ(postings_kinds(p.id), std::vector<std::string>{"authorization"});
  EXPECT_TRUE(ledger_problems().empty());
}

}  // namespace

}  // namespace tender::engine::test
