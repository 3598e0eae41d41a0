// dues.cpp: the sweep on the manual clock. A purchase past its due time becomes overdue (expired
// when the due time is strict); a hold not captured in time is released at the acquirer.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

constexpr std::int64_t kDue = kStart + 3600;

class EngineDues : public EngineTest {
 protected:
  Purchase with_due(bool strict) {
    auto np = order(10000);
    np.due = kDue;
    np.due_strict = strict;
    return create(std::move(np));
  }
  std::size_t sweep() { return engine.timers.sweep(); }
  std::int64_t hold_expiry() const { return engine.services.options.hold_expiry_seconds; }
};

TEST_F(EngineDues, NothingHappensBeforeTheDueTime) {
  auto p = with_due(false);
  EXPECT_EQ(timer(p.id, "due"), kDue);
  clock.set(kDue - 1);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::created);
  EXPECT_TRUE(timer(p.id, "due"));
}

TEST_F(EngineDues, PastTheDueTimeItIsOverdueAndStillPayable) {
  auto p = with_due(false);
  clock.set(kDue);
  EXPECT_EQ(sweep(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::overdue);
  EXPECT_EQ(stored.updated_on, kDue);
  EXPECT_EQ(events(p.id).back(), "purchase.overdue");
  EXPECT_FALSE(timer(p.id, "due"));
  EXPECT_EQ(sweep(), 0u);  // fired once

  EXPECT_EQ(pay(stored).outcome, PayOutcome::succeeded);
  EXPECT_EQ(reload(p.id).status, Status::paid);
}

TEST_F(EngineDues, PastAStrictDueTimeItExpires) {
  auto p = with_due(true);
  clock.set(kDue + 5);
  EXPECT_EQ(sweep(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::expired);
  EXPECT_EQ(events(p.id).back(), "purchase.expired");
  EXPECT_EQ(error_of([&] { pay(stored); }).code(), "purchase_expired");
}

TEST_F(EngineDues, APaidOrCancelledPurchaseIsLeftAlone) {
  auto paid_one = with_due(true);
  pay(paid_one);
  EXPECT_FALSE(timer(paid_one.id, "due"));
  auto cancelled = with_due(true);
  engine.purchases.cancel(caller, cancelled.id);

  clock.set(kDue + 1);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(paid_one.id).status, Status::paid);
  EXPECT_EQ(reload(cancelled.id).status, Status::cancelled);
  EXPECT_FALSE(timer(cancelled.id, "due"));
}

TEST_F(EngineDues, AnOpenPaymentPostponesTheDueTimer) {
  auto p = with_due(true);
  answer_late(Answer::approve());
  ASSERT_EQ(pay(p).outcome, PayOutcome::pending);

  clock.set(kDue + 1);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::pending_execute);
  EXPECT_EQ(timer(p.id, "due"), kDue + 1 + 5);  // tried again soon

  let_answer_arrive();
  EXPECT_EQ(reload(p.id).status, Status::paid);
  EXPECT_FALSE(timer(p.id, "due"));
  clock.advance(5);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::paid);
}

TEST_F(EngineDues, AnExpiredHoldIsReleasedAtTheAcquirer) {
  auto p = held(10000);
  clock.set(kStart + hold_expiry() - 1);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::hold);

  clock.set(kStart + hold_expiry());
  EXPECT_EQ(sweep(), 1u);
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::released);
  EXPECT_EQ(acquirer->requests_of(RequestKind::release).size(), 1u);
  EXPECT_TRUE(balances(p.id).empty());
  EXPECT_FALSE(timer(p.id, "hold_expiry"));
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineDues, AHoldExpiryTheAcquirerRefusesIsTriedAgain) {
  auto p = held(10000);
  clock.set(kStart + hold_expiry());
  acquirer->script(Answer::decline(DeclineReason::acquirer_error));
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::hold);
  EXPECT_TRUE(timer(p.id, "hold_expiry"));

  EXPECT_EQ(sweep(), 1u);
  EXPECT_EQ(reload(p.id).status, Status::released);
  EXPECT_EQ(acquirer->requests_of(RequestKind::release).size(), 2u);
}

TEST_F(EngineDues, ACapturedHoldDoesNotExpire) {
  auto p = held(10000);
  engine.lifecycle.capture(caller, p.id, std::nullopt);
  EXPECT_TRUE(timer(p.id, "hold_expiry"));  // capture leaves it armed
  clock.set(kStart + hold_expiry() + 1);
  EXPECT_EQ(sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::paid);
  EXPECT_TRUE(acquirer->requests_of(RequestKind::release).empty());
  EXPECT_FALSE(timer(p.id, "hold_expiry"));  // it fired, found no hold, and removed itself
  EXPECT_EQ(sweep(), 0u);
}

// A sweep that finds the hold in pending_release (or pending_capture) keeps its expiry timer: a
// release (or capture) that the acquirer then declines must not leave a hold that never expires.
TEST_F(EngineDues, AHoldBackFromADeclinedSlowReleaseStillExpires) {
  auto p = held(10000);
  clock.set(kStart + hold_expiry());
  answer_late(Answer::decline(DeclineReason::acquirer_error));
  EXPECT_EQ(sweep(), 1u);
  EXPECT_EQ(reload(p.id).status, Status::pending_release);
  sweep();  // the next round, while the release is still at the acquirer
  let_answer_arrive();
  EXPECT_EQ(reload(p.id).status, Status::hold);
  EXPECT_TRUE(timer(p.id, "hold_expiry"));

  clock.advance(60);
  sweep();
  engine.calls.wait_idle();
  EXPECT_EQ(reload(p.id).status, Status::released);
}

}  // namespace
}  // namespace tender::engine::test
