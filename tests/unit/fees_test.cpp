// The fee model (src/engine/fees.hpp): a brand's percentage in basis points plus a fixed amount,
// rounded half-up to a whole minor unit, never more than the amount (net is never negative).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "engine/accounts.hpp"
#include "engine/fees.hpp"

namespace tender::engine {
namespace {

// The reference: exact rational arithmetic, half-up, clamped to [0, amount].
std::int64_t reference_fee(std::int64_t bp, std::int64_t fixed, std::int64_t amount) {
  if (amount <= 0) return 0;
  __int128 scaled = static_cast<__int128>(amount) * bp;  // fee * 10000
  __int128 whole = scaled / 10000;
  __int128 rest = scaled % 10000;
  if (rest >= 5000) ++whole;  // half-up (amount and bp are non-negative here)
  __int128 fee = whole + fixed;
  if (fee < 0) return 0;
  if (fee > amount) return amount;
  return static_cast<std::int64_t>(fee);
}

TEST(Fees, TheDemoBrandChargesTwoAndAHalfPercentWithNoFixedPart) {
  const Brand brand;  // a brand's default schedule, the one `tender init` gives the demo brand
  EXPECT_EQ(brand.fees.percent_bp, 250);
  EXPECT_EQ(brand.fees.fixed_minor, 0);
  const FeeSchedule demo = brand.fees;
  EXPECT_EQ(fee_for(demo, 1000), 25);
  EXPECT_EQ(fee_for(demo, 10000), 250);
  EXPECT_EQ(fee_for(demo, 4000), 100);
}

TEST(Fees, RoundsHalfUpToAWholeMinorUnit) {
  FeeSchedule f{250, 0};
  EXPECT_EQ(fee_for(f, 1999), 50);  // 49.975
  EXPECT_EQ(fee_for(f, 20), 1);     // 0.5 exactly: up, not to even
  EXPECT_EQ(fee_for(f, 19), 0);     // 0.475
  EXPECT_EQ(fee_for(f, 60), 2);     // 1.5
  EXPECT_EQ(fee_for(f, 100), 3);    // 2.5: up (banker's rounding would give 2)
  EXPECT_EQ(fee_for(f, 101), 3);    // 2.525
  EXPECT_EQ(fee_for(f, 139), 3);    // 3.475
  EXPECT_EQ(fee_for(f, 140), 4);    // 3.5
  EXPECT_EQ(fee_for(f, 1), 0);
  FeeSchedule odd{333, 0};
  EXPECT_EQ(fee_for(odd, 150), 5);  // 4.995
  EXPECT_EQ(fee_for(odd, 15), 0);   // 0.4995
}

TEST(Fees, AddsTheFixedPartAfterRounding) {
  FeeSchedule f{290, 30};  // 2.90 % + 0.30
  EXPECT_EQ(fee_for(f, 1000), 29 + 30);
  EXPECT_EQ(fee_for(f, 50), 1 + 30);  // 1.45 -> 1
  FeeSchedule fixed_only{0, 15};
  EXPECT_EQ(fee_for(fixed_only, 1000), 15);
}

TEST(Fees, NeverExceedTheAmountSoNetIsNeverNegative) {
  FeeSchedule f{250, 50};
  EXPECT_EQ(fee_for(f, 30), 30);
  EXPECT_EQ(fee_for(f, 51), 51);
  EXPECT_EQ(fee_for(f, 52), 51);  // 1.3 + 50
  FeeSchedule everything{10000, 0};
  EXPECT_EQ(fee_for(everything, 777), 777);
  FeeSchedule more_than_everything{20000, 0};
  EXPECT_EQ(fee_for(more_than_everything, 777), 777);
}

TEST(Fees, NothingIsChargedOnNothing) {
  FeeSchedule f{250, 30};
  EXPECT_EQ(fee_for(f, 0), 0);
  EXPECT_EQ(fee_for(f, -100), 0);
  EXPECT_EQ(fee_for(FeeSchedule{}, 1000), 0);
}

TEST(Fees, ANegativeFixedPartNeverMakesTheFeeNegative) {
  FeeSchedule rebate{100, -50};
  EXPECT_EQ(fee_for(rebate, 1000), 0);    // 10 - 50
  EXPECT_EQ(fee_for(rebate, 10000), 50);  // 100 - 50
}

TEST(Fees, LargeAmountsDoNotOverflow) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2;
  EXPECT_EQ(fee_for(FeeSchedule{10000, 0}, big), big);
  EXPECT_EQ(fee_for(FeeSchedule{250, 0}, 1'000'000'000'000'000), 25'000'000'000'000);
  EXPECT_EQ(fee_for(FeeSchedule{250, 0}, big), reference_fee(250, 0, big));
  EXPECT_EQ(fee_for(FeeSchedule{9999, 0}, std::numeric_limits<std::int64_t>::max()),
            reference_fee(9999, 0, std::numeric_limits<std::int64_t>::max()));
}

TEST(Fees, MatchesTheReferenceForEveryAmountUpTo20000) {
  const std::int64_t schedules[][2] = {{1, 0}, {99, 0}, {250, 0}, {250, 30}, {333, 0}, {1250, 5}, {5000, 0}, {9999, 1}};
  for (const auto& s : schedules) {
    FeeSchedule f{s[0], s[1]};
    for (std::int64_t a = 0; a <= 20000; ++a) {
      ASSERT_EQ(fee_for(f, a), reference_fee(s[0], s[1], a)) << "bp " << s[0] << " fixed " << s[1] << " amount " << a;
      ASSERT_GE(a - fee_for(f, a), 0);
    }
  }
}

TEST(Fees, IsMonotonicInTheAmount) {
  FeeSchedule f{250, 10};
  std::int64_t last = 0;
  for (std::int64_t a = 1; a <= 50000; ++a) {
    auto fee = fee_for(f, a);
    ASSERT_GE(fee, last) << a;
    last = fee;
  }
}

}  // namespace
}  // namespace tender::engine
