// intent_recovery.cpp: intents left open when the process stopped are resolved by asking the
// acquirer (Connector::status) and recorded as the live answer would have been.
//
// The "crash": the acquirer decided but its answer is held back, so the intent stays open in the
// store. A second Engine on the same store and the same remote acquirer is the restarted process;
// its recover_intents asks the acquirer through a new double. The held answer is let go at the end
// and must then be ignored, its intent being closed already.
#include "engine/intent_recovery.hpp"

#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineIntentRecovery : public EngineTest {
 protected:
  // Starts an operation whose answer `answer` is held back at the acquirer: the purchase is left
  // in its pending_* status with its intent open, once the acquirer has the request (it decides
  // on arrival, so status() knows the answer).
  Purchase interrupted(Answer answer, const std::function<Purchase()>& start) {
    answer_late(answer);
    auto pending = start();
    EXPECT_TRUE(is_in_flight(pending.status)) << to_string(pending.status);
    EXPECT_TRUE(pending.intent.open());
    acquirer->await_operation(pending.intent.id);
    return pending;
  }
  Purchase interrupted_payment(std::int64_t amount, Answer answer) {
    return interrupted(answer, [&] { return pay(create(amount)).purchase; });
  }
  Purchase interrupted_capture(const Purchase& hold, Answer answer) {
    return interrupted(answer, [&] { return engine.lifecycle.capture(caller, hold.id, std::nullopt); });
  }
  std::size_t recover_after_restart(std::int64_t min_age = 0) {
    Engine restarted(*store_, accounts, clock, vault, acquirer);
    return recover_intents(restarted.services, min_age);
  }
  // Lets the held answers of the "crashed" process arrive; they find their intents closed.
  void late_answers_arrive() {
    acquirer->open_gate();
    engine.calls.wait_idle();
  }
};

TEST_F(EngineIntentRecovery, ApprovedAtTheAcquirerEndsPaidWithPostingsAndEvents) {
  auto p = interrupted_payment(10000, Answer::approve());
  EXPECT_EQ(p.status, Status::pending_execute);
  EXPECT_TRUE(postings(p.id).empty());

  EXPECT_EQ(recover_after_restart(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_EQ(stored.captured_minor, 10000);
  EXPECT_EQ(stored.connector, kRemote);
  EXPECT_TRUE(last_attempt(stored).successful);
  EXPECT_EQ(balances(p.id), (Balances{
                                {"payer_funds", -10000}, {"merchant_available", 9750}, {"fees", 250}}));
  EXPECT_EQ(events(p.id),
            (std::vector<std::string>{"purchase.created", "purchase.pending_execute", "purchase.paid"}));
  EXPECT_GE(acquirer->status_inquiries(), 1u);

  late_answers_arrive();
  auto after = reload(p.id);
  EXPECT_EQ(after.transaction_data.attempts.size(), 1u);
  EXPECT_EQ(postings_kinds(p.id), std::vector<std::string>{"payment"});
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineIntentRecovery, RecoveryReadsOnlyTheOpenIntentMarkers) {
  for (int i = 0; i < 30; ++i) paid(1000 + i);  // closed intents leave no marker behind
  auto p = interrupted_payment(10000, Answer::approve());
  auto markers = [&] {
    store::ListQuery q;
    q.kind = kIntentKind;
    q.all_companies = true;
    q.limit = 100;
    return store_->read()->list(q);
  };
  ASSERT_EQ(markers().size(), 1u) << "one marker: the open intent";
  EXPECT_EQ(markers()[0].id, p.id);

  EXPECT_EQ(recover_after_restart(), 1u);
  EXPECT_TRUE(markers().empty()) << "removed with the intent it marked";
  EXPECT_EQ(acquirer->status_inquiries(), 1u) << "only the open intent was asked about";
  late_answers_arrive();
}

TEST_F(EngineIntentRecovery, DeclinedAtTheAcquirerFailsWithItsReason) {
  auto p = interrupted_payment(10000, Answer::decline(DeclineReason::insufficient_funds));

  EXPECT_EQ(recover_after_restart(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "insufficient_funds");
  EXPECT_TRUE(postings(p.id).empty());
  EXPECT_EQ(events(p.id).back(), "purchase.payment_failure");
  late_answers_arrive();
  EXPECT_EQ(reload(p.id).transaction_data.attempts.size(), 1u);
}

TEST_F(EngineIntentRecovery, UnknownToTheAcquirerFailsWithStatusUnknown) {
  auto p = interrupted_payment(10000, Answer::never_reached());

  EXPECT_EQ(recover_after_restart(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "status_unknown");
  EXPECT_TRUE(postings(p.id).empty());
  late_answers_arrive();
  EXPECT_EQ(reload(p.id).status, Status::error);
}

TEST_F(EngineIntentRecovery, PendingAtTheAcquirerStaysOpenUntilDecided) {
  slow_acquirer();
  acquirer->script(Answer::pending());  // answered at once: taken, no decision yet
  auto p = pay(create(10000)).purchase;
  ASSERT_EQ(p.status, Status::pending_execute);
  // The engine stopped waiting at once: until the call reaches the acquirer, a status inquiry
  // would rightly hear "unknown" (seen under load: recovery then failed the payment).
  acquirer->await_operation(p.intent.id);

  EXPECT_EQ(recover_after_restart(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::pending_execute);
  EXPECT_TRUE(reload(p.id).intent.open());

  acquirer->settle(p.intent.id, Answer::approve());
  EXPECT_EQ(recover_after_restart(), 1u);
  EXPECT_EQ(reload(p.id).status, Status::paid);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineIntentRecovery, MinAgeLeavesYoungIntentsToTheirNode) {
  auto p = interrupted_payment(10000, Answer::approve());
  clock.set(kStart + 59);
  EXPECT_EQ(recover_after_restart(60), 0u);
  EXPECT_EQ(acquirer->status_inquiries(), 0u);  // not even asked
  EXPECT_EQ(reload(p.id).status, Status::pending_execute);

  clock.set(kStart + 60);
  EXPECT_EQ(recover_after_restart(60), 1u);
  EXPECT_EQ(reload(p.id).status, Status::paid);
}

TEST_F(EngineIntentRecovery, ACaptureApprovedAtTheAcquirerIsBooked) {
  auto p = interrupted_capture(held(10000), Answer::approve());
  EXPECT_EQ(p.status, Status::pending_capture);

  EXPECT_EQ(recover_after_restart(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.captured_minor, 10000);
  EXPECT_EQ(postings_kinds(p.id), (std::vector<std::string>{"authorization", "capture"}));
  EXPECT_EQ(events(p.id).back(), "purchase.captured");
  late_answers_arrive();
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineIntentRecovery, ACaptureUnknownToTheAcquirerReturnsToHold) {
  auto p = interrupted_capture(held(10000), Answer::never_reached());

  EXPECT_EQ(recover_after_restart(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_EQ(last_attempt(stored).type, "capture");
  EXPECT_EQ(last_error_code(stored), "status_unknown");
  EXPECT_EQ(balances(p.id).at("merchant_held"), 10000);
  late_answers_arrive();
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineIntentRecovery, ARefundUnknownAfterAnEarlierRefundReturnsToRefunded) {
  auto p = paid(10000);
  engine.lifecycle.refund(caller, p.id, 1000);
  auto pending = interrupted(Answer::never_reached(), [&] { return engine.lifecycle.refund(caller, p.id, 500); });
  EXPECT_EQ(pending.status, Status::pending_refund);

  EXPECT_EQ(recover_after_restart(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::refunded);
  EXPECT_EQ(stored.refunded_minor, 1000);
  EXPECT_EQ(last_error_code(stored), "status_unknown");
  late_answers_arrive();
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineIntentRecovery, NothingOpenNothingAsked) {
  paid(10000);
  held(500);
  EXPECT_EQ(recover_after_restart(), 0u);
  EXPECT_EQ(acquirer->status_inquiries(), 0u);
}

// An intent whose connector is not registered stays open: a missing connector is not an acquirer
// that never heard of the operation, and a payment it approved must not be failed unasked.
TEST_F(EngineIntentRecovery, AnIntentOfAConnectorNoLongerRegisteredStaysOpen) {
  auto p = interrupted_payment(10000, Answer::approve());
  connectors::ConnectorRegistry without_connectors;
  EngineServices restarted{*store_, accounts, clock, without_connectors, vault, {}};

  EXPECT_EQ(recover_intents(restarted), 0u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::pending_execute);
  EXPECT_TRUE(stored.intent.open());
  EXPECT_EQ(recover_after_restart(), 1u);  // asked once the connector is back
  EXPECT_EQ(reload(p.id).status, Status::paid);
}

}  // namespace
}  // namespace tender::engine::test
