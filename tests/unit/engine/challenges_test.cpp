// challenges.cpp: pending 3-D Secure challenges are bounded per purchase, per company and in all,
// and a flood on one purchase (anyone can post to its Direct Post URL) cannot push out other
// payers' challenges.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/challenges.hpp"

namespace tender::engine {
namespace {

PendingChallenge challenge(const std::string& purchase, const std::string& company) {
  PendingChallenge c;
  c.purchase_id = purchase;
  c.company_id = company;
  c.card = connectors::CardData{"5555555555554444", "123", 12, 2030, "Payer"};
  c.flow = "direct_post";
  return c;
}

TEST(EngineChallenges, AFloodOnOnePurchaseKeepsOnlyItsNewestAndTouchesNoOtherPayer) {
  ChallengeStore store;
  std::vector<std::pair<std::string, std::string>> others;  // (purchase, challenge id)
  for (int i = 0; i < 20; ++i) {
    const std::string purchase = "p-" + std::to_string(i);
    others.emplace_back(purchase, store.add(challenge(purchase, "company-" + std::to_string(i))));
  }
  std::vector<std::string> flood;
  for (int i = 0; i < 40'000; ++i) flood.push_back(store.add(challenge("victim", "attacked-company")));

  EXPECT_EQ(store.size(), 20 + ChallengeStore::kMaxPerPurchase);
  for (const auto& [purchase, id] : others) EXPECT_TRUE(store.masked_pan(purchase, id).has_value()) << purchase;
  for (std::size_t i = 0; i < flood.size() - ChallengeStore::kMaxPerPurchase; ++i)
    ASSERT_FALSE(store.masked_pan("victim", flood[i]).has_value()) << i;
  EXPECT_TRUE(store.take("victim", flood.back()).has_value()) << "the newest attempt can still be completed";
}

TEST(EngineChallenges, OneCompanyCannotPushOutAnothersPayers) {
  ChallengeStore store;
  const auto kept = store.add(challenge("quiet-purchase", "quiet-company"));
  for (std::size_t i = 0; i < ChallengeStore::kMaxPending + 500; ++i)
    store.add(challenge("p-" + std::to_string(i), "busy-company"));
  EXPECT_TRUE(store.masked_pan("quiet-purchase", kept).has_value());
  EXPECT_EQ(store.size(), ChallengeStore::kMaxPerCompany + 1);
}

TEST(EngineChallenges, TheGlobalBoundDropsTheOldest) {
  ChallengeStore store;
  std::vector<std::string> ids;
  const std::size_t companies = ChallengeStore::kMaxPending / ChallengeStore::kMaxPerCompany + 2;
  for (std::size_t c = 0; c < companies; ++c)
    for (std::size_t i = 0; i < ChallengeStore::kMaxPerCompany; ++i)
      ids.push_back(store.add(challenge("p-" + std::to_string(c) + "-" + std::to_string(i), "c-" + std::to_string(c))));
  EXPECT_EQ(store.size(), ChallengeStore::kMaxPending);
  EXPECT_FALSE(store.masked_pan("p-0-0", ids.front()).has_value()) << "the oldest went first";
  EXPECT_TRUE(store.masked_pan("p-" + std::to_string(companies - 1) + "-" + std::to_string(ChallengeStore::kMaxPerCompany - 1),
                               ids.back())
                  .has_value());
}

TEST(EngineChallenges, TakeIsOnceAndOnlyForItsPurchase) {
  ChallengeStore store;
  const auto id = store.add(challenge("p1", "c1"));
  EXPECT_FALSE(store.take("p2", id).has_value()) << "another purchase's challenge";
  EXPECT_EQ(*store.masked_pan("p1", id), "555555******4444");
  EXPECT_TRUE(store.take("p1", id).has_value());
  EXPECT_FALSE(store.take("p1", id).has_value()) << "taken once";
  EXPECT_EQ(store.size(), 0u);
}

}  // namespace
}  // namespace tender::engine
