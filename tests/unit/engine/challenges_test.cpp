// challenges.cpp: pending 3-D Secure challenges live in the store, sealed (CVC included) until they
// are answered; they are bounded per purchase and per company, expire, and a flood on one purchase
// (anyone can post to its Direct Post URL) cannot push out other payers' challenges.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../engine/engine_fixture.hpp"
#include "../store_test_support.hpp"
#include "crypto/random.hpp"
#include "engine/challenges.hpp"
#include "engine/timers.hpp"

namespace tender::engine {
namespace {

using store::test_support::TempSqliteStore;
constexpr std::int64_t kNow = 1'800'000'000;

PendingChallenge challenge(const std::string& purchase, const std::string& company) {
  PendingChallenge c;
  c.purchase_id = purchase;
  c.company_id = company;
  c.card = connectors::CardData{"5555555555554444", "123", 12, 2030, "Payer | Name"};
  c.flow = "direct_post";
  c.remember_card = true;
  return c;
}

struct ChallengesTest : ::testing::Test {
  TempSqliteStore store;
  vault::CardVault vault{crypto::random_bytes(32)};
  test::ManualClock clock{kNow};
  ChallengeLimits limits{.per_company = 20, .per_purchase = 3, .time_to_live_seconds = 900, .purge_per_add = 20};
  ChallengeStore challenges{*store, vault, clock, limits};

  std::size_t stored() {
    store::ListQuery q;
    q.kind = kChallengeKind;
    q.all_companies = true;
    q.limit = 10'000;
    return store->read()->list(q).size();
  }
};

TEST_F(ChallengesTest, TheCardIsSealedAtRestAndComesBackWholeOnce) {
  const auto id = challenges.add(challenge("p1", "c1"));
  auto record = store->read()->get(kChallengeKind, id);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->body.find("5555555555554444"), std::string::npos) << "no PAN at rest";
  EXPECT_EQ(record->body.find("\"123\""), std::string::npos) << "no CVC at rest";
  EXPECT_EQ(*challenges.masked_pan("p1", id), "555555******4444");
  EXPECT_FALSE(challenges.take("p2", id)) << "another purchase's challenge";
  auto taken = challenges.take("p1", id);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->card.pan, "5555555555554444");
  EXPECT_EQ(taken->card.cvc, "123");
  EXPECT_EQ(taken->card.cardholder_name, "Payer | Name");
  EXPECT_EQ(taken->card.expiry_year, 2030);
  EXPECT_TRUE(taken->remember_card);
  EXPECT_EQ(taken->company_id, "c1");
  EXPECT_FALSE(challenges.take("p1", id)) << "taken once";
  EXPECT_FALSE(store->read()->get(kChallengeKind, id)) << "deleted at the answer: no CVC outlives the authorization";
}

TEST_F(ChallengesTest, AnotherStoreUserSeesTheSameChallenges) {
  // What a second node does: its own ChallengeStore over the same database and vault key.
  ChallengeStore other{*store, vault, clock, limits};
  const auto id = challenges.add(challenge("p1", "c1"));
  EXPECT_TRUE(other.masked_pan("p1", id));
  EXPECT_TRUE(other.take("p1", id));
  EXPECT_FALSE(challenges.take("p1", id));
}

TEST_F(ChallengesTest, AFloodOnOnePurchaseKeepsOnlyItsNewestAndTouchesNoOtherPayer) {
  std::vector<std::pair<std::string, std::string>> others;  // (purchase, challenge id)
  for (int i = 0; i < 10; ++i) {
    const std::string purchase = "p-" + std::to_string(i);
    others.emplace_back(purchase, challenges.add(challenge(purchase, "company-" + std::to_string(i))));
  }
  std::vector<std::string> flood;
  for (int i = 0; i < 200; ++i) flood.push_back(challenges.add(challenge("victim", "attacked-company")));
  EXPECT_EQ(stored(), 10 + limits.per_purchase);
  for (const auto& [purchase, id] : others) EXPECT_TRUE(challenges.masked_pan(purchase, id)) << purchase;
  for (std::size_t i = 0; i < flood.size() - limits.per_purchase; ++i) ASSERT_FALSE(challenges.masked_pan("victim", flood[i])) << i;
  EXPECT_TRUE(challenges.take("victim", flood.back())) << "the newest attempt can still be completed";
}

TEST_F(ChallengesTest, OneCompanyCannotPushOutAnothersPayers) {
  const auto kept = challenges.add(challenge("quiet-purchase", "quiet-company"));
  for (std::size_t i = 0; i < limits.per_company + 15; ++i) challenges.add(challenge("p-" + std::to_string(i), "busy-company"));
  EXPECT_TRUE(challenges.masked_pan("quiet-purchase", kept));
  EXPECT_EQ(stored(), limits.per_company + 1);
}

TEST_F(ChallengesTest, ExpiredChallengesCannotBeAnsweredAndAreDeleted) {
  const auto old = challenges.add(challenge("p1", "c1"));
  const auto answered_late = challenges.add(challenge("p2", "c1"));
  clock.advance(limits.time_to_live_seconds + 1);
  EXPECT_FALSE(challenges.masked_pan("p1", old));
  EXPECT_FALSE(challenges.take("p2", answered_late));
  EXPECT_FALSE(store->read()->get(kChallengeKind, answered_late)) << "a late answer deletes it too";
  challenges.add(challenge("p3", "c2"));  // adding purges what expired, of any company
  EXPECT_FALSE(store->read()->get(kChallengeKind, old));
  EXPECT_EQ(stored(), 1u);
}

TEST_F(ChallengesTest, AnotherVaultKeyOpensNothing) {
  const auto id = challenges.add(challenge("p1", "c1"));
  vault::CardVault wrong{crypto::random_bytes(32)};
  ChallengeStore other{*store, wrong, clock, limits};
  EXPECT_FALSE(other.take("p1", id));
}

TEST_F(ChallengesTest, NewestSaysWhenItExpiresAndDropAllDeletesThePurchasesChallenges) {
  EXPECT_FALSE(challenges.newest("c1", "p1"));
  challenges.add(challenge("p1", "c1"));
  clock.advance(5);
  const auto second = challenges.add(challenge("p1", "c1"));
  challenges.add(challenge("p2", "c1"));
  auto newest = challenges.newest("c1", "p1");
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->id, second);
  EXPECT_EQ(newest->flow, "direct_post");
  EXPECT_EQ(newest->expires_at, kNow + 5 + 900);
  EXPECT_FALSE(newest->expired);
  EXPECT_FALSE(challenges.newest("c2", "p1")) << "scoped to its company";

  clock.advance(901);
  ASSERT_TRUE(challenges.newest("c1", "p1"));
  EXPECT_TRUE(challenges.newest("c1", "p1")->expired);
  challenges.drop_all("c1", "p1");
  EXPECT_FALSE(challenges.newest("c1", "p1"));
  EXPECT_TRUE(challenges.newest("c1", "p2")) << "another purchase's stays";
}

TEST_F(ChallengesTest, AnExpiryTimerIsArmedWithTheChallengeOnlyWhenAsked) {
  challenges.add(challenge("p1", "c1"));
  auto c = challenge("p2", "c1");
  c.fails_purchase_when_unanswered = true;
  challenges.add(c);
  auto timers = due_timers(*store->read(), kNow + 10'000, 10);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].object_id, "p2");
  EXPECT_EQ(timers[0].type, kChallengeExpiryTimer);
  EXPECT_EQ(timers[0].fires_at, kNow + 900 + limits.expiry_grace_seconds);
}

}  // namespace
}  // namespace tender::engine
