// capture.cpp: a hold becomes a payment, whole or in part, with its fee and ledger postings.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineCapture : public EngineTest {
 protected:
  Purchase capture(const Purchase& p, std::optional<std::int64_t> amount = std::nullopt) {
    return engine.lifecycle.capture(caller, p.id, amount);
  }
};

TEST_F(EngineCapture, FullCapturePaysTheHoldLessTheFee) {
  auto p = held(10000);
  auto captured = capture(p);

  EXPECT_EQ(captured.status, Status::paid);
  EXPECT_EQ(captured.captured_minor, 10000);
  ASSERT_TRUE(captured.payment);
  EXPECT_EQ(captured.payment->amount_minor, 10000);
  EXPECT_EQ(captured.payment->fee_amount_minor, 250);
  EXPECT_EQ(captured.payment->net_amount_minor, 9750);
  EXPECT_EQ(captured.payment->pending_amount_minor, 0);
  EXPECT_EQ(last_attempt(captured).type, "capture");
  EXPECT_TRUE(last_attempt(captured).successful);

  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -10000}, {"merchant_available", 9750}, {"fees", 250}}));
  EXPECT_EQ(postings_kinds(p.id), (std::vector<std::string>{"authorization", "capture"}));
  EXPECT_TRUE(timer(p.id, "hold_expiry"));  // left to fire and find the hold gone (dues_test.cpp)
  EXPECT_EQ(events(p.id).back(), "purchase.captured");
  EXPECT_TRUE(ledger_problems().empty());

  auto authorize = acquirer->requests_of(RequestKind::authorize).at(0);
  auto request = acquirer->requests_of(RequestKind::capture).at(0);
  EXPECT_EQ(request.amount_minor, 10000);
  EXPECT_EQ(request.acquirer_reference, "rem_" + authorize.operation_id);
  EXPECT_NE(request.operation_id, authorize.operation_id);
}

TEST_F(EngineCapture, PartialCaptureReturnsTheRestAndBoundsRefunds) {
  auto p = held(10000);
  auto captured = capture(p, 6000);

  EXPECT_EQ(captured.status, Status::paid);
  EXPECT_EQ(captured.captured_minor, 6000);
  EXPECT_LE(captured.captured_minor, captured.total_minor);
  EXPECT_EQ(captured.payment->amount_minor, 6000);
  EXPECT_EQ(captured.payment->fee_amount_minor, 150);
  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -6000}, {"merchant_available", 5850}, {"fees", 150}}));
  EXPECT_TRUE(ledger_problems().empty());

  EXPECT_EQ(error_of([&] { engine.lifecycle.refund(caller, p.id, 6001); }).code(), "max_value");
  EXPECT_EQ(engine.lifecycle.refund(caller, p.id, std::nullopt).refunded_minor, 6000);
}

TEST_F(EngineCapture, AmountMustBePositiveAndWithinTheHold) {
  auto p = held(10000);
  auto zero = error_of([&] { capture(p, 0); });
  EXPECT_EQ(zero.kind(), ErrorKind::invalid_input);
  EXPECT_EQ(zero.code(), "min_value");
  auto over = error_of([&] { capture(p, 10001); });
  EXPECT_EQ(over.kind(), ErrorKind::invalid_input);
  EXPECT_EQ(over.code(), "max_value");

  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_TRUE(acquirer->requests_of(RequestKind::capture).empty());
}

TEST_F(EngineCapture, OnlyAHoldIsCapturable) {
  auto p = paid(10000);
  auto e = error_of([&] { capture(p); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_state);
  EXPECT_EQ(e.code(), "purchase_capture_error");
  EXPECT_EQ(error_of([&] { capture(create(500)); }).code(), "purchase_capture_error");
  EXPECT_TRUE(acquirer->requests_of(RequestKind::capture).empty());
  EXPECT_EQ(postings_kinds(p.id), std::vector<std::string>{"payment"});
}

TEST_F(EngineCapture, SlowCaptureIsPendingCaptureThenPaid) {
  auto p = held(10000);
  answer_late(Answer::approve());
  auto pending = capture(p, 4000);

  EXPECT_EQ(pending.status, Status::pending_capture);
  EXPECT_EQ(pending.intent.operation, PendingOperation::capture);
  EXPECT_EQ(pending.intent.amount_minor, 4000);
  EXPECT_EQ(error_of([&] { engine.lifecycle.release(caller, p.id); }).code(), "purchase_release_error");

  let_answer_arrive();
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.captured_minor, 4000);
  EXPECT_EQ(balances(p.id).at("merchant_available"), 4000 - 100);
  auto types = events(p.id);
  EXPECT_EQ(std::vector<std::string>(types.end() - 2, types.end()),
            (std::vector<std::string>{"purchase.pending_capture", "purchase.captured"}));
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineCapture, DeclinedCaptureLeavesTheHold) {
  auto p = held(10000);
  acquirer->script(Answer::decline(DeclineReason::acquirer_error));
  auto e = error_of([&] { capture(p); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_state);
  EXPECT_EQ(e.code(), "purchase_capture_error");

  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_EQ(stored.captured_minor, 0);
  EXPECT_EQ(last_attempt(stored).type, "capture");
  EXPECT_EQ(last_error_code(stored), "acquirer_error");
  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -10000}, {"merchant_held", 10000}}));
  EXPECT_TRUE(timer(p.id, "hold_expiry"));
  EXPECT_EQ(capture(stored).status, Status::paid);  // and it may be tried again
}

TEST_F(EngineCapture, SlowDeclinedCaptureReturnsToHold) {
  auto p = held(10000);
  auto stored = answered_late(Answer::decline(DeclineReason::acquirer_error), Status::pending_capture,
                              [&] { return capture(p); });
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_EQ(last_error_code(stored), "acquirer_error");
  EXPECT_EQ(events(p.id).back(), "purchase.capture_failure");
  EXPECT_TRUE(ledger_problems().empty());
}

}  // namespace
}  // namespace tender::engine::test
