// pay.cpp, execute_result.cpp, payment_failure.cpp and payer_view.cpp: a payer's card payment
// from the intent to the recorded answer, on a real store with a manual clock.
#include <algorithm>

#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EnginePay : public EngineTest {
 protected:
  // A new purchase of 100.00 paid and declined with `reason`: reported with the reason's name on
  // the result and on the attempt, and nothing is posted.
  Purchase declined_payment(DeclineReason reason) {
    acquirer->script(Answer::decline(reason));
    auto p = create(10000);
    auto result = pay(p);
    EXPECT_EQ(result.outcome, PayOutcome::failed);
    EXPECT_EQ(result.error_code, connectors::to_string(reason));
    auto stored = reload(p.id);
    EXPECT_EQ(last_error_code(stored), connectors::to_string(reason));
    EXPECT_FALSE(last_attempt(stored).successful);
    EXPECT_TRUE(postings(p.id).empty());
    return stored;
  }
};

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_F(EnginePay, ApprovalPaysWithFeePostingsAndPaidEvent) {
  auto p = create(10000);
  auto result = pay(p);

  EXPECT_EQ(result.outcome, PayOutcome::succeeded);
  EXPECT_TRUE(result.error_code.empty());
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_EQ(stored.connector, kRemote);
  EXPECT_EQ(stored.captured_minor, 10000);
  ASSERT_TRUE(stored.payment);
  EXPECT_EQ(stored.payment->amount_minor, 10000);
  EXPECT_EQ(stored.payment->fee_amount_minor, 250);  // the brand's 2.50 %
  EXPECT_EQ(stored.payment->net_amount_minor, 9750);
  EXPECT_EQ(stored.transaction_data.payment_method, "visa");
  const auto& attempt = last_attempt(stored);
  EXPECT_TRUE(attempt.successful);
  EXPECT_EQ(attempt.type, "execute");
  EXPECT_EQ(attempt.extra.at("masked_pan").as_string(), "444433******1111");
  EXPECT_EQ(attempt.extra.at("auth_code").as_string(), "654321");

  EXPECT_EQ(balances(p.id), (Balances{
                                {"payer_funds", -10000}, {"merchant_available", 9750}, {"fees", 250}}));
  EXPECT_EQ(postings_kinds(p.id), std::vector<std::string>{"payment"});
  EXPECT_EQ(events(p.id), (std::vector<std::string>{"purchase.created", "purchase.paid"}));
  EXPECT_TRUE(ledger_problems().empty());

  auto requests = acquirer->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].kind, RequestKind::authorize);
  EXPECT_FALSE(requests[0].operation_id.empty());
  EXPECT_EQ(requests[0].amount_minor, 10000);
  EXPECT_EQ(requests[0].currency, "MYR");
  EXPECT_TRUE(requests[0].capture);
  EXPECT_FALSE(requests[0].verify_only);
  EXPECT_EQ(stored.transaction_data.processing_tx_id, "rem_" + requests[0].operation_id);
}

TEST_F(EnginePay, DeclineFailsWithTheReasonNameAndTheNextPaymentMayPay) {
  auto stored = declined_payment(DeclineReason::insufficient_funds);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "insufficient_funds");
  EXPECT_TRUE(contains(events(stored.id), "purchase.payment_failure"));
  EXPECT_TRUE(engine.payments.can_pay(stored));

  EXPECT_EQ(pay(stored).outcome, PayOutcome::succeeded);
  auto after = reload(stored.id);
  EXPECT_EQ(after.status, Status::paid);
  EXPECT_EQ(after.transaction_data.attempts.size(), 2u);
}

TEST_F(EnginePay, BlockingReasonBlocksThePurchase) {
  auto stored = declined_payment(DeclineReason::fraud_rules);
  EXPECT_EQ(stored.status, Status::blocked);
  EXPECT_EQ(last_error_code(stored), "fraud_rules");
  EXPECT_FALSE(engine.payments.can_pay(stored));
  EXPECT_EQ(error_of([&] { pay(stored); }).code(), "purchase_not_payable");
}

TEST_F(EnginePay, ConnectorFailureIsAConnectionError) {
  acquirer->script(Answer::never_reached());
  auto result = pay(create(10000));

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "connection_error");
  EXPECT_EQ(last_error_code(result.purchase), "connection_error");
  EXPECT_EQ(result.purchase.status, Status::error);
}

TEST_F(EnginePay, SlowApprovalIsPendingExecuteThenPaidOnceAnswered) {
  answer_late(Answer::approve());
  auto p = create(10000);
  auto result = pay(p);

  EXPECT_EQ(result.outcome, PayOutcome::pending);
  EXPECT_EQ(result.purchase.status, Status::pending_execute);
  EXPECT_TRUE(result.purchase.intent.open());
  EXPECT_EQ(result.purchase.intent.operation, PendingOperation::execute);
  EXPECT_TRUE(postings(p.id).empty());
  // The intent is the purchase's lock.
  auto busy = error_of([&] { pay(reload(p.id)); });
  EXPECT_EQ(busy.kind(), ErrorKind::conflict);
  EXPECT_EQ(busy.code(), "payment_in_progress");
  EXPECT_EQ(error_of([&] { engine.purchases.cancel(caller, p.id); }).code(), "purchase_cancel_error");

  let_answer_arrive();
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_EQ(balances(p.id).at("merchant_available"), 9750);
  EXPECT_EQ(events(p.id),
            (std::vector<std::string>{"purchase.created", "purchase.pending_execute", "purchase.paid"}));
  EXPECT_EQ(acquirer->requests().size(), 1u);
}

TEST_F(EnginePay, SlowDeclineEndsInErrorWithTheReason) {
  auto p = create(10000);
  auto stored = answered_late(Answer::decline(DeclineReason::do_not_honour), Status::pending_execute,
                              [&] { return pay(p).purchase; });
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "do_not_honour");
  EXPECT_TRUE(postings(p.id).empty());
}

TEST_F(EnginePay, SkipCapturePlacesAHoldWithItsExpiryTimer) {
  auto p = held(10000);

  EXPECT_EQ(p.captured_minor, 0);
  ASSERT_TRUE(p.payment);
  EXPECT_EQ(p.payment->pending_amount_minor, 10000);
  EXPECT_EQ(last_attempt(p).type, "authorize");
  EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -10000}, {"merchant_held", 10000}}));
  EXPECT_EQ(postings_kinds(p.id), std::vector<std::string>{"authorization"});
  EXPECT_EQ(timer(p.id, "hold_expiry"), kStart + engine.services.options.hold_expiry_seconds);
  EXPECT_TRUE(contains(events(p.id), "purchase.hold"));
  EXPECT_FALSE(acquirer->requests().at(0).capture);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EnginePay, PreauthorizationVerifiesTheCardAndSavesIt) {
  auto np = order(0);
  np.skip_capture = true;
  auto p = create(std::move(np));
  ASSERT_TRUE(p.is_preauthorization());
  auto result = pay(p);

  EXPECT_EQ(result.outcome, PayOutcome::succeeded);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::preauthorized);
  EXPECT_TRUE(stored.is_recurring_token);  // a preauthorization always saves the card
  EXPECT_TRUE(postings(p.id).empty());     // no money moved
  EXPECT_FALSE(timer(p.id, "hold_expiry"));
  EXPECT_TRUE(contains(events(p.id), "purchase.preauthorized"));
  auto request = acquirer->requests().at(0);
  EXPECT_TRUE(request.verify_only);
  EXPECT_EQ(request.amount_minor, 0);
}

TEST_F(EnginePay, EnrolledCardGoesThroughTheChallenge) {
  acquirer->enroll(kCard);
  auto p = create(10000);
  auto result = pay(p, card(kCard, true));

  EXPECT_EQ(result.outcome, PayOutcome::challenge);
  EXPECT_FALSE(result.challenge_id.empty());
  EXPECT_EQ(engine.payments.challenge_card(p.id, result.challenge_id), "444433******1111");
  EXPECT_EQ(reload(p.id).status, Status::created);
  EXPECT_TRUE(acquirer->requests().empty());  // nothing is authorized before the challenge

  auto done = engine.payments.complete_challenge(p.id, result.challenge_id, true);
  EXPECT_EQ(done.outcome, PayOutcome::succeeded);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_TRUE(stored.is_recurring_token);  // remember_card survived the challenge
  EXPECT_TRUE(last_attempt(stored).extra.at("three_d_secure").as_bool());
  EXPECT_EQ(acquirer->requests().at(0).three_ds_result, "Y");
  // A challenge is answered once.
  EXPECT_EQ(error_of([&] { engine.payments.complete_challenge(p.id, result.challenge_id, true); }).kind(),
            ErrorKind::not_found);
}

TEST_F(EnginePay, FailedChallengeIsSentAsNotAuthenticated) {
  acquirer->enroll(kCard);
  acquirer->script(Answer::decline(DeclineReason::authentication_failed));
  auto p = create(10000);
  auto challenge = pay(p);
  ASSERT_EQ(challenge.outcome, PayOutcome::challenge);

  auto done = engine.payments.complete_challenge(p.id, challenge.challenge_id, false);
  EXPECT_EQ(done.outcome, PayOutcome::failed);
  EXPECT_EQ(done.error_code, "authentication_failed");
  EXPECT_EQ(acquirer->requests().at(0).three_ds_result, "N");
  EXPECT_EQ(reload(p.id).status, Status::error);
}

TEST_F(EnginePay, InvalidCardFailsBeforeTheAcquirer) {
  auto p = create(10000);
  auto result = pay(p, card("4444333322221112"));  // Luhn check fails

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "invalid_card_number");
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "invalid_card_number");
  EXPECT_TRUE(acquirer->requests().empty());
}

TEST_F(EnginePay, RefusedWhenAlreadyPaid) {
  auto p = paid(10000);
  auto e = error_of([&] { pay(p); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_state);
  EXPECT_EQ(e.code(), "purchase_already_paid_for");
  EXPECT_FALSE(engine.payments.can_pay(reload(p.id)));
  EXPECT_EQ(acquirer->requests().size(), 1u);
  EXPECT_EQ(postings_kinds(p.id).size(), 1u);
}

TEST_F(EnginePay, RefusedPastAStrictDueTimeOnTheEngineClock) {
  auto np = order(10000);
  np.due = kStart + 100;
  np.due_strict = true;
  auto p = create(std::move(np));
  clock.set(kStart + 100);
  EXPECT_TRUE(engine.payments.can_pay(p));

  clock.set(kStart + 101);
  EXPECT_FALSE(engine.payments.can_pay(p));
  EXPECT_EQ(error_of([&] { pay(p); }).code(), "purchase_expired");
  EXPECT_EQ(reload(p.id).status, Status::created);
  EXPECT_TRUE(acquirer->requests().empty());
}

TEST_F(EnginePay, PastANonStrictDueTimeStillPays) {
  auto np = order(10000);
  np.due = kStart + 100;
  auto p = create(std::move(np));
  clock.set(kStart + 1000);
  EXPECT_EQ(pay(p).outcome, PayOutcome::succeeded);
  EXPECT_FALSE(timer(p.id, "due"));  // paid: the due timer is gone
}

TEST_F(EnginePay, LiveModeWithoutALiveConnectorFailsWithNoConnector) {
  Caller live{company.id, false, "203.0.113.7"};
  auto p = engine.purchases.create(live, order(10000));
  ASSERT_FALSE(p.is_test);
  auto result = pay(p);

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "no_connector");
  auto stored = engine.purchases.get(live, p.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "no_connector");
  EXPECT_TRUE(acquirer->requests().empty());
}

TEST_F(EnginePay, FirstVisitMarksViewedOnce) {
  auto p = create(10000);
  clock.advance(30);
  engine.payments.mark_viewed(p.id);
  clock.advance(30);
  engine.payments.mark_viewed(p.id);

  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::viewed);
  EXPECT_EQ(stored.viewed_on, kStart + 30);
  EXPECT_EQ(events(p.id), (std::vector<std::string>{"purchase.created", "purchase.viewed"}));
  EXPECT_TRUE(engine.payments.can_pay(stored));
}

TEST_F(EnginePay, FailureBeforeTheAcquirerIsRecordedWithTheDialectsCode) {
  auto p = create(10000);
  auto result = engine.payments.record_failure(p.id, "direct_post", "198.51.100.20", "invalid_expires", "Invalid expires");

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "invalid_expires");
  EXPECT_EQ(last_attempt(stored).flow, "direct_post");
  EXPECT_EQ(error_of([&] { engine.payments.record_failure(paid(500).id, "api", "", "x", "y"); }).code(),
            "purchase_already_paid_for");
}

}  // namespace
}  // namespace tender::engine::test

namespace tender::engine::test {
namespace {

// A purchase's document is bounded: after kMaxAttempts attempts a payer's next try is refused with
// a clear error (and nothing is written), so the attempts_bounded invariant never fires on input.
TEST_F(EnginePay, APurchaseTakesAtMostItsLimitOfAttempts) {
  auto p = create(1000);
  for (std::size_t i = 0; i < kMaxAttempts; ++i)
    engine.payments.record_failure(p.id, "direct_post", "127.0.0.1", "validation_cvc_invalid", "`cvc` is invalid");
  auto full = reload(p.id);
  EXPECT_EQ(full.transaction_data.attempts.size(), kMaxAttempts);
  EXPECT_EQ(full.status, Status::error);

  auto refused = error_of([&] { pay(full); });
  EXPECT_EQ(refused.kind(), ErrorKind::invalid_state);
  EXPECT_NE(std::string(refused.what()).find("limit of 200 attempts"), std::string::npos) << refused.what();
  auto after = reload(p.id);
  EXPECT_EQ(after.version, full.version) << "nothing written";
  EXPECT_TRUE(acquirer->requests().empty()) << "the acquirer was never called";
}

// A connector that answers in this process (the sandbox without its delay): the payer's payment
// of an existing purchase is opened, called and recorded in one transaction, with no intent
// written; the remembered card, the 3-D Secure step and a second payment are as on the phases.
class EnginePayAtOnce : public EnginePay {
 protected:
  EnginePayAtOnce() { acquirer->answer_at_once(true); }
};

TEST_F(EnginePayAtOnce, APaymentIsOneWrite) {
  auto p = create(10000);
  auto result = pay(p, card(kCard, true));

  EXPECT_EQ(result.outcome, PayOutcome::succeeded);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.version, p.version + 1) << "opened, called and recorded in one transaction";
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_TRUE(stored.is_recurring_token) << "the sealed card is written with the payment";
  EXPECT_EQ(stored.connector, kRemote);
  ASSERT_EQ(acquirer->requests().size(), 1u);
  EXPECT_FALSE(acquirer->requests()[0].operation_id.empty());
  EXPECT_TRUE(contains(events(p.id), "purchase.paid"));
  EXPECT_TRUE(ledger_problems().empty());

  auto again = error_of([&] { pay(stored); });
  EXPECT_EQ(again.code(), "purchase_already_paid_for");
  EXPECT_EQ(acquirer->requests().size(), 1u) << "a second payment never reached the acquirer";
}

TEST_F(EnginePayAtOnce, ADeclineIsOneWriteAndTheChallengeStillComesFirst) {
  acquirer->script(Answer::decline(DeclineReason::insufficient_funds));
  auto declined = create(10000);
  auto result = pay(declined);
  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "insufficient_funds");
  auto stored = reload(declined.id);
  EXPECT_EQ(stored.version, declined.version + 1);
  EXPECT_EQ(last_error_code(stored), "insufficient_funds");
  EXPECT_TRUE(postings(declined.id).empty());

  acquirer->enroll(kOtherCard);
  auto p = create(5000);
  auto challenged = pay(p, card(kOtherCard));
  ASSERT_EQ(challenged.outcome, PayOutcome::challenge);
  EXPECT_EQ(acquirer->requests().size(), 1u) << "nothing authorized before the challenge";
  auto done = engine.payments.complete_challenge(p.id, challenged.challenge_id, true);
  EXPECT_EQ(done.outcome, PayOutcome::succeeded);
  EXPECT_EQ(reload(p.id).status, Status::paid);
  EXPECT_EQ(acquirer->requests().back().three_ds_result, "Y");
}

}  // namespace
}  // namespace tender::engine::test
