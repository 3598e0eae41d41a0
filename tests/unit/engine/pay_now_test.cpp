// pay_now.cpp (and set_single_item of purchase_commands.cpp): create and pay in one command, with
// the engine's 3-D Secure decision, for dialects whose request carries the card.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EnginePayNow : public EngineTest {
 protected:
  PayNow command(std::int64_t amount, bool can_redirect) {
    return PayNow{order(amount), card(), can_redirect, "Authenticate the card first."};
  }
  std::vector<Purchase> all_purchases() { return engine.purchases.list(caller, PurchaseFilter{}).items; }
};

TEST_F(EnginePayNow, CreatesAndPaysInOneCommand) {
  auto result = engine.payments.pay_now(caller, command(5000, false));

  EXPECT_EQ(result.outcome, PayOutcome::succeeded);
  auto stored = reload(result.purchase.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_EQ(stored.total_minor, 5000);
  EXPECT_EQ(stored.captured_minor, 5000);
  EXPECT_EQ(events(stored.id), (std::vector<std::string>{"purchase.created", "purchase.paid"}));
  EXPECT_EQ(balances(stored.id).at("merchant_available"), 5000 - 125);
  ASSERT_EQ(acquirer->requests().size(), 1u);
  EXPECT_EQ(acquirer->requests()[0].amount_minor, 5000);
}

TEST_F(EnginePayNow, AnAcquirerThatAnswersAtOnceCostsOneWrite) {
  acquirer->answer_at_once(true);
  auto result = engine.payments.pay_now(caller, command(5000, false));

  EXPECT_EQ(result.outcome, PayOutcome::succeeded);
  auto stored = reload(result.purchase.id);
  EXPECT_EQ(stored.version, 1) << "created, authorized and paid in one transaction";
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_FALSE(stored.intent.open());
  EXPECT_EQ(stored.connector, kRemote);
  EXPECT_EQ(events(stored.id), (std::vector<std::string>{"purchase.created", "purchase.paid"}));
  EXPECT_EQ(balances(stored.id).at("merchant_available"), 5000 - 125);
  ASSERT_EQ(acquirer->requests().size(), 1u);
  EXPECT_FALSE(acquirer->requests()[0].operation_id.empty());
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EnginePayNow, AtOnceDeclineIsOneWriteToo) {
  acquirer->answer_at_once(true);
  acquirer->script(Answer::decline(DeclineReason::insufficient_funds));
  auto result = engine.payments.pay_now(caller, command(5000, false));

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "insufficient_funds");
  auto stored = reload(result.purchase.id);
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "insufficient_funds");
  EXPECT_EQ(events(stored.id), (std::vector<std::string>{"purchase.created", "purchase.payment_failure"}));
  EXPECT_TRUE(balances(stored.id).empty());
}

TEST_F(EnginePayNow, AtOnceStillChallengesAnEnrolledCard) {
  acquirer->answer_at_once(true);
  acquirer->enroll(kCard);
  auto result = engine.payments.pay_now(caller, command(5000, true));

  EXPECT_EQ(result.outcome, PayOutcome::challenge);
  EXPECT_EQ(reload(result.purchase.id).status, Status::created);
  EXPECT_TRUE(acquirer->requests().empty());
}

TEST_F(EnginePayNow, SingleItemSetsTheTotalAndTheProductShownBack) {
  auto np = order(1234);
  const auto& product = np.details.at("products").as_array().at(0).as_object();
  EXPECT_EQ(product.at("name").as_string(), "Engine test item");
  EXPECT_EQ(product.at("price").as_int64(), 1234);
  ASSERT_EQ(np.lines.size(), 1u);
  EXPECT_EQ(np.lines[0].price_minor, 1234);
  EXPECT_EQ(create(std::move(np)).total_minor, 1234);
}

TEST_F(EnginePayNow, DeclineCreatesAFailedPurchase) {
  acquirer->script(Answer::decline(DeclineReason::stolen_card));
  auto result = engine.payments.pay_now(caller, command(5000, false));

  EXPECT_EQ(result.outcome, PayOutcome::failed);
  EXPECT_EQ(result.error_code, "stolen_card");
  EXPECT_EQ(reload(result.purchase.id).status, Status::error);
}

TEST_F(EnginePayNow, EnrolledCardWithoutAWayToTheChallengeIsRefused) {
  acquirer->enroll(kCard);
  auto result = engine.payments.pay_now(caller, command(5000, false));

  EXPECT_EQ(result.outcome, PayOutcome::challenge_refused);
  EXPECT_TRUE(result.challenge_id.empty());
  EXPECT_EQ(result.error_code, "authentication_required");
  auto stored = reload(result.purchase.id);
  EXPECT_EQ(stored.status, Status::error);
  EXPECT_EQ(last_error_code(stored), "authentication_required");
  EXPECT_EQ(last_attempt(stored).error->message, "Authenticate the card first.");
  EXPECT_TRUE(acquirer->requests().empty());
}

TEST_F(EnginePayNow, EnrolledCardWithAWayToTheChallengeWaitsForIt) {
  acquirer->enroll(kCard);
  auto result = engine.payments.pay_now(caller, command(5000, true));

  ASSERT_EQ(result.outcome, PayOutcome::challenge);
  EXPECT_EQ(reload(result.purchase.id).status, Status::created);
  auto done = engine.payments.complete_challenge(result.purchase.id, result.challenge_id, true);
  EXPECT_EQ(done.outcome, PayOutcome::succeeded);
  EXPECT_EQ(reload(result.purchase.id).status, Status::paid);
  EXPECT_EQ(acquirer->requests().at(0).three_ds_result, "Y");
}

TEST_F(EnginePayNow, UnknownBrandCreatesNothing) {
  auto bad = command(5000, false);
  bad.purchase.brand_id = "00000000-0000-4000-8000-000000000000";
  auto e = error_of([&] { engine.payments.pay_now(caller, bad); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
  EXPECT_EQ(e.field(), "brand_id");
  EXPECT_TRUE(all_purchases().empty());
  EXPECT_TRUE(acquirer->requests().empty());
}

}  // namespace
}  // namespace tender::engine::test
