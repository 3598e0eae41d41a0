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

}  // namespace

}  // namespace tender::engine::test
