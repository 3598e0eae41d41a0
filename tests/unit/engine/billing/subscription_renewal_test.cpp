// subscription_renewal.cpp and subscribers.cpp on the manual clock: a monthly subscription's year,
// a renewal that is declined, pause and resume without catch-up, trials, the cycle limit, a
// deleted template, and a restart between issuing a renewal and charging it.
#include "billing_fixture.hpp"
#include "util/utc_time.hpp"

namespace tender::engine::test {
namespace {

using billing::SubscriberStatus;

class EngineSubscriptions : public BillingTest {
 protected:
  // A subscriber of `t`, its first purchase paid with `pan` (the card is saved: force_recurring).
  billing::Subscriber paying_subscriber(const billing::BillingTemplate& t, const std::string& pan = kCard) {
    auto added = engine.billing.add_subscriber(caller, t.id, billing::NewSubscriber{.client_id = new_client()});
    EXPECT_EQ(added.subscriber.status, SubscriberStatus::pending);
    EXPECT_TRUE(added.purchase);
    auto result = pay(*added.purchase, card(pan));
    EXPECT_EQ(result.outcome, PayOutcome::succeeded);
    EXPECT_TRUE(result.purchase.is_recurring_token);
    return subscriber(added.subscriber);
  }
};

TEST_F(EngineSubscriptions, AMonthlySubscriptionIsChargedTwelveTimesInAYear) {
  clock.set(1'801'872'000);  // 2027-02-06 00:00:00 UTC
  auto t = saved(monthly(1990));
  auto s = paying_subscriber(t);
  EXPECT_EQ(s.status, SubscriberStatus::active);
  EXPECT_EQ(s.anchor, clock.now_seconds());
  EXPECT_EQ(s.recurring_token, purchases_of(s.id).front().id);
  EXPECT_EQ(s.cycles_passed, 1);

  std::vector<std::string> months;
  for (int month = 1; month <= 12; ++month) {
    s = subscriber(s);
    ASSERT_TRUE(s.next_billing_at);
    months.push_back(util::utc_time(*s.next_billing_at, "%Y-%m-%d"));
    run_until(*s.next_billing_at);
  }
  EXPECT_EQ(months.front(), "2027-03-06");
  EXPECT_EQ(months.back(), "2028-02-06");
  auto all = purchases_of(s.id);
  ASSERT_EQ(all.size(), 13u);  // the first, paid at checkout, and twelve renewals
  for (std::size_t i = 1; i < all.size(); ++i) {
    const auto& p = all[i];
    EXPECT_EQ(p.status, Status::paid) << i;
    EXPECT_EQ(p.product, "billing_subscriptions");
    EXPECT_EQ(p.billing_template_id, t.id);
    EXPECT_EQ(p.recurring_token, all[0].id);
    EXPECT_EQ(p.total_minor, 1990);
    EXPECT_GT(p.created_on, all[i - 1].created_on);
    EXPECT_EQ(events(p.id), (std::vector<std::string>{"purchase.created", "purchase.paid"}));
    EXPECT_EQ(balances(p.id), (Balances{{"payer_funds", -1990}, {"merchant_available", 1940}, {"fees", 50}}));
  }
  EXPECT_EQ(subscriber(s).cycles_passed, 13);
  EXPECT_TRUE(ledger_problems().empty());
  // The charges were merchant-initiated, with the first purchase's card and no CVC.
  auto charges = acquirer->requests_of(RequestKind::authorize);
  ASSERT_EQ(charges.size(), 13u);
  EXPECT_TRUE(charges.back().merchant_initiated);
  EXPECT_TRUE(charges.back().cvc.empty());
}

TEST_F(EngineSubscriptions, ADeclinedRenewalBecomesAnInvoiceAndANewCardTakesOver) {
  auto t = saved(monthly(1000));
  auto s = paying_subscriber(t);
  acquirer->script(Answer::decline(DeclineReason::insufficient_funds));
  run_until(*s.next_billing_at);
  auto renewal = purchases_of(s.id).back();
  EXPECT_EQ(renewal.status, Status::sent);
  EXPECT_EQ(renewal.product, "billing_subscriptions_invoice");
  EXPECT_EQ(events(renewal.id).back(), "purchase.subscription_charge_failure");
  EXPECT_TRUE(postings(renewal.id).empty());
  EXPECT_FALSE(timer(renewal.id, billing::kChargeTimer));
  // The schedule goes on.
  auto after = subscriber(s);
  EXPECT_EQ(after.status, SubscriberStatus::active);
  EXPECT_EQ(after.next_index, s.next_index + 1);

  // The subscriber pays the invoice with another card: renewals use it from now on.
  auto paid_by_hand = pay(renewal, card(kOtherCard));
  EXPECT_EQ(paid_by_hand.outcome, PayOutcome::succeeded);
  EXPECT_EQ(subscriber(s).recurring_token, renewal.id);
  run_until(*after.next_billing_at);
  auto next = purchases_of(s.id).back();
  EXPECT_EQ(next.status, Status::paid);
  EXPECT_EQ(next.recurring_token, renewal.id);
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).back().pan, kOtherCard);
}

TEST_F(EngineSubscriptions, WithoutInvoicesADeclinedRenewalIsAFailedPayment) {
  auto t = saved(monthly(1000));
  auto s = paying_subscriber(t);
  engine.billing.update_subscriber(caller, t.id, s.id, {.send_invoice_on_charge_failure = false});
  acquirer->script(Answer::decline(DeclineReason::do_not_honour));
  run_until(*s.next_billing_at);
  auto renewal = purchases_of(s.id).back();
  EXPECT_EQ(renewal.status, Status::error);
  EXPECT_EQ(events(renewal.id).back(), "purchase.subscription_charge_failure");
}

TEST_F(EngineSubscriptions, PausedPeriodsAreSkippedAndResumingDoesNotCatchUp) {
  auto t = saved(monthly(500));
  auto s = paying_subscriber(t);
  const auto second = billing::billing_instant(t.subscription, s.anchor, 2);
  const auto fourth = billing::billing_instant(t.subscription, s.anchor, 4);
  run_until(*s.next_billing_at);  // period 1 charged
  ASSERT_EQ(purchases_of(s.id).size(), 2u);

  auto paused = engine.billing.update_subscriber(caller, t.id, s.id, {.status = SubscriberStatus::subscription_paused});
  EXPECT_EQ(paused.status, SubscriberStatus::subscription_paused);
  run_until(second);  // period 2 passes while paused
  EXPECT_EQ(purchases_of(s.id).size(), 2u);
  clock.set(fourth - 86400);  // period 3 passes unseen by the sweep; resumed just before period 4
  auto resumed = engine.billing.update_subscriber(caller, t.id, s.id, {.status = SubscriberStatus::active});
  EXPECT_EQ(resumed.next_billing_at, fourth);
  run_until(fourth - 1);
  EXPECT_EQ(purchases_of(s.id).size(), 2u) << "no catch-up charge on resume";
  run_until(fourth);
  EXPECT_EQ(purchases_of(s.id).size(), 3u);
  EXPECT_EQ(purchases_of(s.id).back().status, Status::paid);
}

TEST_F(EngineSubscriptions, OnlyActiveAndPausedAreSwitched) {
  auto t = saved(monthly(500));
  auto added = engine.billing.add_subscriber(caller, t.id, {.client_id = new_client()});
  auto e = error_of([&] {
    engine.billing.update_subscriber(caller, t.id, added.subscriber.id, {.status = SubscriberStatus::active});
  });
  EXPECT_EQ(e.field(), "status");
  EXPECT_EQ(subscriber(added.subscriber).status, SubscriberStatus::pending);
}

TEST_F(EngineSubscriptions, ATrialActivatesAtOnceAndBillsByInvoiceWithoutACard) {
  auto plan = monthly(700);
  plan.subscription.trial_periods = 2;
  auto t = saved(plan);
  auto added = engine.billing.add_subscriber(caller, t.id, {.client_id = new_client()});
  EXPECT_FALSE(added.purchase);
  EXPECT_EQ(added.subscriber.status, SubscriberStatus::active);
  EXPECT_EQ(added.subscriber.next_billing_at, billing::billing_instant(t.subscription, kStart, 2));
  EXPECT_EQ(timer(added.subscriber.id, billing::kBillingTimer), added.subscriber.next_billing_at);
  run_until(*added.subscriber.next_billing_at - 1);
  EXPECT_TRUE(purchases_of(added.subscriber.id).empty());
  run_until(*added.subscriber.next_billing_at);
  auto invoice = purchases_of(added.subscriber.id);
  ASSERT_EQ(invoice.size(), 1u);
  EXPECT_EQ(invoice[0].status, Status::sent);
  EXPECT_EQ(invoice[0].product, "billing_subscriptions_invoice");
  EXPECT_EQ(invoice[0].due, *added.subscriber.next_billing_at + 7 * 86400);
  // Paid by hand, its card is saved: the next period is charged.
  pay(invoice[0], card());
  run_until(billing::billing_instant(t.subscription, kStart, 3));
  EXPECT_EQ(purchases_of(added.subscriber.id).back().status, Status::paid);
}

TEST_F(EngineSubscriptions, ChargingAtThePeriodEndStartsOnePeriodLater) {
  auto plan = monthly(700);
  plan.subscription.charge_period_end = true;
  auto t = saved(plan);
  auto added = engine.billing.add_subscriber(caller, t.id, {.client_id = new_client()});
  EXPECT_FALSE(added.purchase);
  EXPECT_EQ(added.subscriber.next_billing_at, billing::billing_instant(t.subscription, kStart, 1));
}

TEST_F(EngineSubscriptions, TheCycleLimitEndsTheSubscription) {
  auto plan = monthly(300);
  plan.subscription.number_of_billing_cycles = 3;
  auto t = saved(plan);
  auto s = paying_subscriber(t);
  for (int i = 0; i < 5; ++i) {
    auto now = subscriber(s);
    if (!now.next_billing_at) break;
    run_until(*now.next_billing_at);
  }
  EXPECT_EQ(purchases_of(s.id).size(), 3u);
  auto ended = subscriber(s);
  EXPECT_EQ(ended.status, SubscriberStatus::inactive);
  EXPECT_FALSE(ended.next_billing_at);
  EXPECT_FALSE(timer(s.id, billing::kBillingTimer));
}

TEST_F(EngineSubscriptions, ADeletedTemplateStopsItsSubscribers) {
  auto t = saved(monthly(300));
  auto s = paying_subscriber(t);
  engine.billing.delete_template(caller, t.id);
  run_until(*s.next_billing_at);
  EXPECT_EQ(purchases_of(s.id).size(), 1u);
  EXPECT_FALSE(timer(s.id, billing::kBillingTimer));
  auto record = store_->read()->get(billing::kSubscriberKind, s.id);
  ASSERT_TRUE(record);
  EXPECT_EQ(billing::subscriber_from_record(*record).status, SubscriberStatus::inactive);
}

TEST_F(EngineSubscriptions, ARestartBetweenIssuingAndChargingChargesOnce) {
  auto t = saved(monthly(800));
  auto s = paying_subscriber(t);
  clock.set(*s.next_billing_at);
  EXPECT_EQ(engine.timers.sweep(), 1u);  // issued, and its charge armed: then the process dies
  auto issued = purchases_of(s.id).back();
  EXPECT_EQ(issued.status, Status::created);
  EXPECT_TRUE(timer(issued.id, billing::kChargeTimer));

  Engine restarted(*store_, accounts, clock, vault, acquirer);
  while (restarted.timers.sweep() > 0) {
  }
  restarted.calls.wait_idle();
  EXPECT_EQ(reload(issued.id).status, Status::paid);
  EXPECT_EQ(purchases_of(s.id).size(), 2u);
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).size(), 2u);  // the first payment and this charge
  EXPECT_EQ(subscriber(s).next_index, s.next_index + 1);
}

TEST_F(EngineSubscriptions, AChargeAnsweredAfterACrashIsRecoveredNotRepeated) {
  auto t = saved(monthly(800));
  auto s = paying_subscriber(t);
  answer_late(Answer::approve());
  clock.set(*s.next_billing_at);
  EXPECT_EQ(engine.timers.sweep(), 1u);  // issued
  EXPECT_EQ(engine.timers.sweep(), 1u);  // its charge, left waiting at the acquirer
  auto issued = purchases_of(s.id).back();
  EXPECT_EQ(issued.status, Status::pending_charge);
  EXPECT_FALSE(timer(issued.id, billing::kChargeTimer)) << "the charge's intent disarmed it";
  let_answer_arrive();
  EXPECT_EQ(reload(issued.id).status, Status::paid);
  run_until(clock.now_seconds() + 60);
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).size(), 2u);
}

}  // namespace
}  // namespace tender::engine::test
