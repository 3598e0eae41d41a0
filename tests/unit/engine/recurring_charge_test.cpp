// recurring_charge.cpp and recurring_token_deletion.cpp: an unpaid purchase paid by the merchant
// with the card saved on an earlier purchase (no CVC, no 3-D Secure).
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineRecurringCharge : public EngineTest {
 protected:
  // A purchase paid with kOtherCard, saved: its id is the recurring token.
  Purchase token() {
    auto result = pay(create(1000), card(kOtherCard, true));
    EXPECT_EQ(result.outcome, PayOutcome::succeeded);
    EXPECT_TRUE(result.purchase.is_recurring_token);
    return result.purchase;
  }
  Purchase charge(const Purchase& target, const Purchase& token) {
    return engine.lifecycle.charge(caller, target.id, token.id);
  }
};

TEST_F(EngineRecurringCharge, ChargesTheSavedCardMerchantInitiated) {
  auto saved = token();
  auto target = create(2500);
  auto charged = charge(target, saved);

  EXPECT_EQ(charged.status, Status::paid);
  EXPECT_EQ(charged.captured_minor, 2500);
  EXPECT_EQ(charged.recurring_token, saved.id);
  EXPECT_EQ(charged.connector, kRemote);
  ASSERT_TRUE(charged.payment);
  EXPECT_EQ(charged.payment->payment_type, "purchase_charge");
  EXPECT_EQ(charged.payment->fee_amount_minor, 63);  // 2.50 % of 25.00, rounded half up
  EXPECT_EQ(last_attempt(charged).type, "recurring_execute");
  EXPECT_EQ(balances(target.id), (Balances{
                                     {"payer_funds", -2500}, {"merchant_available", 2437}, {"fees", 63}}));
  EXPECT_EQ(events(target.id).back(), "purchase.paid");
  EXPECT_TRUE(ledger_problems().empty());

  auto request = acquirer->requests_of(RequestKind::authorize).back();
  EXPECT_TRUE(request.merchant_initiated);
  EXPECT_EQ(request.pan, kOtherCard);  // opened from the vault
  EXPECT_TRUE(request.cvc.empty());    // never kept
  EXPECT_EQ(request.amount_minor, 2500);
}

TEST_F(EngineRecurringCharge, ForceRecurringSavesTheCardWithoutTheAsking) {
  auto np = order(1000);
  np.force_recurring = true;
  auto result = pay(create(std::move(np)));
  EXPECT_TRUE(result.purchase.is_recurring_token);
  EXPECT_EQ(charge(create(300), result.purchase).status, Status::paid);
}

TEST_F(EngineRecurringCharge, APurchaseWithoutASavedCardIsNoToken) {
  auto not_a_token = paid(1000);
  auto e = error_of([&] { charge(create(300), not_a_token); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
  EXPECT_EQ(e.field(), "recurring_token");
}

TEST_F(EngineRecurringCharge, DeclinedChargeFailsThePurchase) {
  auto saved = token();
  auto target = create(2500);
  acquirer->script(Answer::decline(DeclineReason::insufficient_funds));
  auto e = error_of([&] { charge(target, saved); });
  EXPECT_EQ(e.code(), "purchase_charge_error");

  auto stored = reload(target.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_attempt(stored).type, "recurring_execute");
  EXPECT_EQ(last_error_code(stored), "insufficient_funds");
  EXPECT_EQ(events(target.id).back(), "purchase.subscription_charge_failure");
  EXPECT_TRUE(postings(target.id).empty());
}

TEST_F(EngineRecurringCharge, RefusedWhenPaidOrPastAStrictDue) {
  auto saved = token();
  EXPECT_EQ(error_of([&] { charge(paid(300), saved); }).code(), "purchase_charge_error");
  auto np = order(300);
  np.due = kStart + 10;
  np.due_strict = true;
  auto late = create(std::move(np));
  clock.advance(11);
  EXPECT_EQ(error_of([&] { charge(late, saved); }).code(), "purchase_charge_error");
  EXPECT_EQ(reload(late.id).status, Status::created);
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).size(), 2u);  // the token's and paid(300)'s
}

TEST_F(EngineRecurringCharge, SlowChargeIsPendingChargeThenPaid) {
  auto saved = token();
  auto target = create(2500);
  answer_late(Answer::approve());
  EXPECT_EQ(charge(target, saved).status, Status::pending_charge);
  EXPECT_EQ(error_of([&] { charge(target, saved); }).code(), "purchase_charge_error");

  let_answer_arrive();
  auto stored = reload(target.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.recurring_token, saved.id);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineRecurringCharge, ADeletedTokenChargesNoMore) {
  auto saved = token();
  auto deleted = engine.lifecycle.delete_recurring_token(caller, saved.id);
  EXPECT_FALSE(deleted.is_recurring_token);
  EXPECT_EQ(last_attempt(deleted).type, "delete_recurring_token");
  EXPECT_EQ(events(saved.id).back(), "purchase.recurring_token_deleted");

  EXPECT_EQ(error_of([&] { charge(create(300), saved); }).field(), "recurring_token");
  EXPECT_EQ(error_of([&] { engine.lifecycle.delete_recurring_token(caller, saved.id); }).code(),
            "purchase_recurring_token_error");
}

}  // namespace
}  // namespace tender::engine::test
