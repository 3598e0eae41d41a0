// challenge_expiry.cpp: a purchase created with its payment (pay_now) whose 3-D Secure challenge
// expires unanswered fails with its payment_failure event when the expiry timer fires; one whose
// challenge was answered is left alone; a checkout purchase arms no timer.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

constexpr std::int64_t kTimeToLive = 15 * 60;
constexpr std::int64_t kGrace = 60;

class EngineChallengeExpiry : public EngineTest {
 protected:
  EngineChallengeExpiry() { acquirer->enroll(kCard); }
  PayResult challenged() {
    auto r = engine.payments.pay_now(caller, PayNow{order(5000), card(), true, ""});
    EXPECT_EQ(r.outcome, PayOutcome::challenge);
    return r;
  }
};

TEST_F(EngineChallengeExpiry, AnUnansweredChallengeFailsThePurchaseOnceItsTimeIsUp) {
  auto r = challenged();
  auto awaited = engine.payments.awaited_challenge(reload(r.purchase.id));
  ASSERT_TRUE(awaited);
  EXPECT_EQ(awaited->id, r.challenge_id);
  EXPECT_FALSE(awaited->expired);

  clock.advance(kTimeToLive + 1);
  awaited = engine.payments.awaited_challenge(reload(r.purchase.id));
  ASSERT_TRUE(awaited) << "expired, but the purchase still waits for its timer";
  EXPECT_TRUE(awaited->expired);
  engine.timers.sweep();
  EXPECT_EQ(reload(r.purchase.id).status, Status::created) << "not before the grace period";

  clock.advance(kGrace);
  EXPECT_EQ(engine.timers.sweep(), 1u);
  auto failed = reload(r.purchase.id);
  EXPECT_EQ(failed.status, Status::error);
  EXPECT_EQ(last_error_code(failed), "authentication_failed");
  EXPECT_EQ(events(failed.id), (std::vector<std::string>{"purchase.created", "purchase.payment_failure"}));
  EXPECT_FALSE(engine.payments.awaited_challenge(failed));
  EXPECT_FALSE(engine.payments.challenge_card(failed.id, r.challenge_id)) << "the sealed card is gone";
  EXPECT_TRUE(acquirer->requests().empty()) << "nothing reached the acquirer";

  clock.advance(3600);
  EXPECT_EQ(engine.timers.sweep(), 0u) << "the timer was disarmed";
  EXPECT_EQ(reload(failed.id).transaction_data.attempts.size(), 1u);
}

TEST_F(EngineChallengeExpiry, AnAnsweredChallengeIsLeftAlone) {
  auto r = challenged();
  EXPECT_EQ(engine.payments.complete_challenge(r.purchase.id, r.challenge_id, true).outcome, PayOutcome::succeeded);
  EXPECT_FALSE(engine.payments.awaited_challenge(reload(r.purchase.id)));

  clock.advance(kTimeToLive + kGrace + 1);
  EXPECT_EQ(engine.timers.sweep(), 0u);
  EXPECT_EQ(reload(r.purchase.id).status, Status::paid);
  EXPECT_EQ(events(r.purchase.id), (std::vector<std::string>{"purchase.created", "purchase.paid"}));
}

TEST_F(EngineChallengeExpiry, ACheckoutChallengeArmsNoTimer) {
  auto p = create(order(5000));
  auto r = pay(p);
  ASSERT_EQ(r.outcome, PayOutcome::challenge);

  clock.advance(kTimeToLive + kGrace + 1);
  EXPECT_EQ(engine.timers.sweep(), 0u);
  EXPECT_EQ(reload(p.id).status, Status::created) << "its payer can start over at the checkout";
}

}  // namespace
}  // namespace tender::engine::test
