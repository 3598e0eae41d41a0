#include "connectors/decline_reason.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "connectors/connector.hpp"

namespace {

using tender::connectors::decline_reason_from_string;
using tender::connectors::DeclineReason;
using tender::connectors::kAllDeclineReasons;
using tender::connectors::Outcome;

TEST(DeclineReason, EveryReasonRoundTripsThroughItsName) {
  std::set<std::string_view> names;
  for (const DeclineReason reason : kAllDeclineReasons) {
    const std::string_view name = to_string(reason);
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(decline_reason_from_string(name), reason) << name;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << name;
    EXPECT_FALSE(default_message(reason).empty()) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), std::size(kAllDeclineReasons));
}

TEST(DeclineReason, TheListHoldsEveryEnumeratorOnce) {
  std::set<int> values;
  for (const DeclineReason reason : kAllDeclineReasons) values.insert(static_cast<int>(reason));
  ASSERT_EQ(values.size(), std::size(kAllDeclineReasons));
  EXPECT_EQ(*values.begin(), 0);
  EXPECT_EQ(*values.rbegin(), static_cast<int>(std::size(kAllDeclineReasons)) - 1);
}

TEST(DeclineReason, NamesAreTheEnumerators) {
  // Attempts store these names: they must never change.
  EXPECT_EQ(to_string(DeclineReason::invalid_card_number), "invalid_card_number");
  EXPECT_EQ(to_string(DeclineReason::insufficient_funds), "insufficient_funds");
  EXPECT_EQ(to_string(DeclineReason::fraud_rules), "fraud_rules");
  EXPECT_EQ(to_string(DeclineReason::refund_limit_exceeded), "refund_limit_exceeded");
  EXPECT_EQ(to_string(DeclineReason::no_connector), "no_connector");
}

TEST(DeclineReason, OtherNamesAreUnknown) {
  for (const char* name : {"", "INSUFFICIENT_FUNDS", "insufficient_funds ", "blacklisted_tx", "3ds_required", "none"})
    EXPECT_EQ(decline_reason_from_string(name), std::nullopt) << name;
}

TEST(DeclineReason, OnlyRiskRulesBlock) {
  for (const DeclineReason reason : kAllDeclineReasons) {
    const bool risk = reason == DeclineReason::fraud_rules || reason == DeclineReason::blacklisted;
    EXPECT_EQ(is_blocking(reason), risk) << to_string(reason);
  }
}

TEST(DeclineReason, DeclinedOutcomes) {
  const Outcome plain = Outcome::declined(DeclineReason::insufficient_funds);
  EXPECT_FALSE(plain.approved);
  EXPECT_FALSE(plain.pending);
  EXPECT_EQ(plain.decline, DeclineReason::insufficient_funds);
  EXPECT_EQ(plain.message, "Insufficient funds");
  EXPECT_FALSE(plain.blocked());
  const Outcome worded = Outcome::declined(DeclineReason::blacklisted, "Card on the acquirer's list");
  EXPECT_EQ(worded.message, "Card on the acquirer's list");
  EXPECT_TRUE(worded.blocked());
  EXPECT_FALSE(Outcome{}.blocked());
}

}  // namespace
