// refund.cpp: captured money goes back to the payer, each refund its own object, never more than
// was captured.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineRefund : public EngineTest {
 protected:
  Purchase refund(const Purchase& p, std::optional<std::int64_t> amount, std::string* refund_id = nullptr) {
    return engine.lifecycle.refund(caller, p.id, amount, refund_id);
  }
  // A refund of `amount` answered `answer` after the engine stopped waiting (pending_refund).
  Purchase slow_refund(const Purchase& p, std::int64_t amount, Answer answer) {
    return answered_late(answer, Status::pending_refund, [&] { return refund(p, amount); });
  }
};

TEST_F(EngineRefund, TwoPartialRefundsAddUp) {
  auto p = paid(10000);
  std::string first_id, second_id;
  auto first = refund(p, 3000, &first_id);
  EXPECT_EQ(first.status, Status::refunded);
  EXPECT_EQ(first.refunded_minor, 3000);
  auto second = refund(p, 2000, &second_id);
  EXPECT_EQ(second.status, Status::refunded);
  EXPECT_EQ(second.refunded_minor, 5000);
  EXPECT_LE(second.refunded_minor, second.captured_minor);

  auto refunds = engine.lifecycle.refunds_of(caller, p.id);
  ASSERT_EQ(refunds.size(), 2u);
  EXPECT_EQ(refunds[0].id, first_id);
  EXPECT_EQ(refunds[0].amount_minor, 3000);
  EXPECT_EQ(refunds[1].id, second_id);
  EXPECT_EQ(refunds[1].amount_minor, 2000);
  EXPECT_EQ(refunds[1].status, "success");

  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -5000}, {"merchant_available", 4750}, {"fees", 250}}));
  EXPECT_EQ(postings_kinds(p.id), (std::vector<std::string>{"payment", "refund", "refund"}));
  auto types = events(p.id);
  EXPECT_EQ(std::count(types.begin(), types.end(), "payment.refunded"), 2);
  EXPECT_TRUE(ledger_problems().empty());

  auto requests = acquirer->requests_of(RequestKind::refund);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].amount_minor, 3000);
  EXPECT_EQ(requests[1].amount_minor, 2000);
  EXPECT_EQ(requests[0].acquirer_reference, p.transaction_data.processing_tx_id);
}

TEST_F(EngineRefund, DefaultRefundsEverythingLeftThenNothingIsLeft) {
  auto p = paid(10000);
  refund(p, 4000);
  auto rest = refund(p, std::nullopt);
  EXPECT_EQ(rest.refunded_minor, 10000);
  EXPECT_EQ(acquirer->requests_of(RequestKind::refund).back().amount_minor, 6000);

  auto e = error_of([&] { refund(p, std::nullopt); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_state);
  EXPECT_EQ(e.code(), "purchase_refund_error");
  EXPECT_EQ(balances(p.id), (Balances{{"merchant_available", -250}, {"fees", 250}}));  // fees are kept
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineRefund, OverRefundIsRefused) {
  auto p = paid(10000);
  EXPECT_EQ(error_of([&] { refund(p, 10001); }).code(), "max_value");
  EXPECT_EQ(error_of([&] { refund(p, 0); }).code(), "min_value");
  refund(p, 6000);
  auto e = error_of([&] { refund(p, 4001); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
  EXPECT_EQ(e.code(), "max_value");

  auto stored = reload(p.id);
  EXPECT_EQ(stored.refunded_minor, 6000);
  EXPECT_EQ(acquirer->requests_of(RequestKind::refund).size(), 1u);
}

TEST_F(EngineRefund, OnlyCapturedMoneyIsRefundable) {
  EXPECT_EQ(error_of([&] { refund(held(10000), std::nullopt); }).code(), "purchase_refund_error");
  EXPECT_EQ(error_of([&] { refund(create(500), std::nullopt); }).code(), "purchase_refund_error");
  // Marked as paid: no money moved through Tender, so there is nothing to give back.
  auto marked = engine.lifecycle.mark_as_paid(caller, create(700).id, std::nullopt);
  EXPECT_EQ(error_of([&] { refund(marked, std::nullopt); }).code(), "purchase_refund_error");
  EXPECT_TRUE(acquirer->requests_of(RequestKind::refund).empty());
}

TEST_F(EngineRefund, DeclinedRefundChangesNothing) {
  auto p = paid(10000);
  acquirer->script(Answer::decline(DeclineReason::refund_limit_exceeded));
  EXPECT_EQ(error_of([&] { refund(p, 1000); }).code(), "purchase_refund_error");

  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.refunded_minor, 0);
  EXPECT_EQ(last_attempt(stored).type, "refund");
  EXPECT_EQ(last_error_code(stored), "refund_limit_exceeded");
  EXPECT_TRUE(engine.lifecycle.refunds_of(caller, p.id).empty());
}

TEST_F(EngineRefund, SlowRefundIsPendingRefundThenRefunded) {
  auto p = paid(10000);
  auto stored = slow_refund(p, 2500, Answer::approve());
  EXPECT_EQ(stored.status, Status::refunded);
  EXPECT_EQ(stored.refunded_minor, 2500);
  EXPECT_EQ(engine.lifecycle.refunds_of(caller, p.id).size(), 1u);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineRefund, DeclineFromPendingRefundReturnsToPaidWithoutAnEarlierRefund) {
  auto p = paid(10000);
  auto stored = slow_refund(p, 2500, Answer::decline(DeclineReason::refund_limit_exceeded));
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.refunded_minor, 0);
  EXPECT_EQ(events(p.id).back(), "purchase.refund_failure");
  EXPECT_EQ(postings_kinds(p.id), std::vector<std::string>{"payment"});
}

TEST_F(EngineRefund, DeclineFromPendingRefundReturnsToRefundedAfterAnEarlierRefund) {
  auto p = paid(10000);
  refund(p, 3000);
  auto stored = slow_refund(p, 1000, Answer::decline(DeclineReason::refund_limit_exceeded));
  EXPECT_EQ(stored.status, Status::refunded);
  EXPECT_EQ(stored.refunded_minor, 3000);
  EXPECT_EQ(events(p.id).back(), "purchase.refund_failure");
  EXPECT_EQ(engine.lifecycle.refunds_of(caller, p.id).size(), 1u);
  EXPECT_TRUE(ledger_problems().empty());
}

}  // namespace
}  // namespace tender::engine::test
