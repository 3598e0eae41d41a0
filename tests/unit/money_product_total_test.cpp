#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "money/product_total.hpp"

namespace tender::money {
namespace {

ProductLine line(std::int64_t price, Decimal quantity = {1, 0}, std::int64_t discount = 0,
                 Decimal tax = {0, 0}) {
  ProductLine l;
  l.price_minor = price;
  l.quantity = quantity;
  l.discount_minor = discount;
  l.tax_percent = tax;
  return l;
}

TotalsResult totals(const std::vector<ProductLine>& lines, std::int64_t debt = 0,
                    std::optional<std::int64_t> total_override = std::nullopt) {
  return purchase_totals(lines, debt, total_override);
}

std::int64_t total_of(const ProductLine& l) {
  LineTotalsResult r = line_totals(l);
  EXPECT_TRUE(r.ok) << r.error;
  return r.total_minor;
}

TEST(LineTotals, PriceTimesQuantity) {
  EXPECT_EQ(total_of(line(1050)), 1050);
  EXPECT_EQ(total_of(line(1050, {3, 0})), 3150);
  EXPECT_EQ(total_of(line(1050, {0, 0})), 0);
  EXPECT_EQ(total_of(line(0, {5, 0})), 0);
  EXPECT_EQ(total_of(line(1000, {25, 1})), 2500);
  EXPECT_EQ(total_of(line(300, {333, 3})), 100);  // 99.9 -> 100
}

TEST(LineTotals, RoundsHalfUpOnce) {
  EXPECT_EQ(total_of(line(333, {5, 1})), 167);    // 166.5 -> 167
  EXPECT_EQ(total_of(line(1, {5, 1})), 1);        // 0.5 -> 1
  EXPECT_EQ(total_of(line(1, {4, 1})), 0);        // 0.4 -> 0
  EXPECT_EQ(total_of(line(1, {49, 2})), 0);       // 0.49 -> 0
  EXPECT_EQ(total_of(line(3, {1665, 3})), 5);     // 4.995 -> 5
  EXPECT_EQ(total_of(line(1, {499999, 6})), 0);   // 0.499999 -> 0
  EXPECT_EQ(total_of(line(1, {500000, 6})), 1);   // 0.5 exactly -> 1
  EXPECT_EQ(total_of(line(1005, {1, 0}, 0, {10, 0})), 1106);  // tax 100.5 -> 101
  EXPECT_EQ(total_of(line(1004, {1, 0}, 0, {10, 0})), 1104);  // tax 100.4 -> 100
  EXPECT_EQ(total_of(line(999, {1, 0}, 0, {625, 2})), 1061);  // tax 62.4375 -> 62
  EXPECT_EQ(total_of(line(200, {1, 0}, 0, {25, 2})), 201);    // tax 0.5 -> 1
}

TEST(LineTotals, TaxIsOnTheRoundedNet) {
  // gross 5 * 0.5 = 2.5 -> 3; tax 10% of 3 = 0.3 -> 0; total 3.
  LineTotalsResult r = line_totals(line(5, {5, 1}, 0, {10, 0}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.gross_minor, 3);
  EXPECT_EQ(r.tax_minor, 0);
  EXPECT_EQ(r.total_minor, 3);
  // gross 16.5 -> 17; tax 50% of 17 = 8.5 -> 9; total 26 (unrounded: 24.75).
  r = line_totals(line(33, {5, 1}, 0, {50, 0}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.gross_minor, 17);
  EXPECT_EQ(r.tax_minor, 9);
  EXPECT_EQ(r.total_minor, 26);
}

TEST(LineTotals, DiscountIsForTheWholeLine) {
  LineTotalsResult r = line_totals(line(1000, {3, 0}, 500, {10, 0}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.gross_minor, 3000);
  EXPECT_EQ(r.discount_minor, 500);
  EXPECT_EQ(r.tax_minor, 250);  // tax after discount
  EXPECT_EQ(r.total_minor, 2750);
  EXPECT_EQ(total_of(line(1000, {3, 0}, 3000)), 0);  // discount may take the line to zero
}

TEST(LineTotals, DiscountAboveThePriceIsAnError) {
  LineTotalsResult r = line_totals(line(1000, {3, 0}, 3001));
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("discount"), std::string::npos) << r.error;
  // Compared after rounding: 0.5 * 3 = 1.5 -> 2, so a discount of 2 is fine and 3 is not.
  EXPECT_TRUE(line_totals(line(3, {5, 1}, 2)).ok);
  EXPECT_FALSE(line_totals(line(3, {5, 1}, 3)).ok);
}

TEST(LineTotals, OverrideReplacesTheComputedTotal) {
  ProductLine l = line(1000, {3, 0}, 100, {6, 0});
  l.total_price_override = 1234;
  LineTotalsResult r = line_totals(l);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.total_minor, 1234);
  EXPECT_EQ(r.gross_minor, 1234);
  EXPECT_EQ(r.discount_minor, 0);
  EXPECT_EQ(r.tax_minor, 0);
  l.total_price_override = 0;
  EXPECT_EQ(total_of(l), 0);
  l.discount_minor = 999999;  // ignored: the merchant stated the total
  EXPECT_EQ(total_of(l), 0);
  l.total_price_override = -1;
  EXPECT_FALSE(line_totals(l).ok);
  l.total_price_override = kMaxMinorUnits + 1;
  EXPECT_FALSE(line_totals(l).ok);
}

TEST(LineTotals, RefusesNegativeOrMalformedInputs) {
  EXPECT_FALSE(line_totals(line(-1)).ok);
  EXPECT_FALSE(line_totals(line(100, {-1, 0})).ok);
  EXPECT_FALSE(line_totals(line(100, {1, -1})).ok);
  EXPECT_FALSE(line_totals(line(100, {1, 19})).ok);
  EXPECT_FALSE(line_totals(line(100, {1, 0}, -1)).ok);
  EXPECT_FALSE(line_totals(line(100, {1, 0}, 0, {-5, 0})).ok);
  EXPECT_FALSE(line_totals(line(100, {1, 0}, 0, {5, 40})).ok);
  EXPECT_TRUE(line_totals(line(100, {1, 18}, 0, {5, 18})).ok);
}

TEST(LineTotals, Overflow) {
  const auto max64 = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(line_totals(line(kMaxMinorUnits)).ok);
  EXPECT_FALSE(line_totals(line(kMaxMinorUnits + 1)).ok);
  EXPECT_FALSE(line_totals(line(kMaxMinorUnits, {2, 0})).ok);
  EXPECT_FALSE(line_totals(line(kMaxMinorUnits, {max64, 0})).ok);
  EXPECT_FALSE(line_totals(line(max64, {max64, 0})).ok);
  EXPECT_FALSE(line_totals(line(kMaxMinorUnits, {1, 0}, 0, {1, 0})).ok);  // tax pushes it over
  EXPECT_FALSE(line_totals(line(kMaxMinorUnits, {1, 0}, 0, {max64, 0})).ok);
  EXPECT_TRUE(line_totals(line(kMaxMinorUnits / 10, {max64, 18})).ok);  // quantity ~9.22
  EXPECT_FALSE(line_totals(line(kMaxMinorUnits, {max64, 18})).ok);
  EXPECT_FALSE(line_totals(line(max64)).ok);
}

TEST(PurchaseTotals, SumsLinesAndReportsTheBreakdown) {
  TotalsResult r = totals({line(1000, {2, 0}, 100, {10, 0}), line(333, {5, 1}), line(50)});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.subtotal_minor, 2000 + 167 + 50);
  EXPECT_EQ(r.discount_minor, 100);
  EXPECT_EQ(r.tax_minor, 190);
  EXPECT_EQ(r.total_minor, 2090 + 167 + 50);
  EXPECT_TRUE(r.error.empty());
}

TEST(PurchaseTotals, NoLines) {
  TotalsResult r = totals({});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.total_minor, 0);
  EXPECT_EQ(totals({}, 500).total_minor, 500);
}

TEST(PurchaseTotals, Debt) {
  EXPECT_EQ(totals({line(1000)}, 250).total_minor, 1250);
  EXPECT_EQ(totals({line(1000)}, -250).total_minor, 750);
  EXPECT_EQ(totals({line(1000)}, -1000).total_minor, 0);
  TotalsResult r = totals({line(1000)}, -1001);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("negative"), std::string::npos) << r.error;
  EXPECT_FALSE(totals({}, -1).ok);
  EXPECT_FALSE(totals({}, kMaxMinorUnits + 1).ok);
  EXPECT_FALSE(totals({line(1)}, kMaxMinorUnits).ok);
  EXPECT_FALSE(totals({}, std::numeric_limits<std::int64_t>::min()).ok);
  // Debt shows in no breakdown field, only in the total.
  r = totals({line(1000)}, 250);
  EXPECT_EQ(r.subtotal_minor, 1000);
  EXPECT_EQ(r.tax_minor, 0);
}

TEST(PurchaseTotals, LineOverrideAddsUp) {
  ProductLine overridden = line(1000, {3, 0}, 0, {10, 0});
  overridden.total_price_override = 2000;
  TotalsResult r = totals({overridden, line(500, {1, 0}, 0, {10, 0})});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.subtotal_minor, 2500);
  EXPECT_EQ(r.tax_minor, 50);
  EXPECT_EQ(r.total_minor, 2550);
}

TEST(PurchaseTotals, TotalOverrideIsExact) {
  TotalsResult r = totals({line(1000, {1, 0}, 0, {10, 0})}, 300, 42);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.total_minor, 42);
  EXPECT_EQ(r.subtotal_minor, 1000);  // the breakdown is still the lines'
  EXPECT_EQ(r.tax_minor, 100);
  EXPECT_EQ(totals({}, 0, 0).total_minor, 0);
  EXPECT_EQ(totals({line(1000)}, -5000, 10).total_minor, 10);  // debt is not applied
  EXPECT_FALSE(totals({line(1000)}, 0, -1).ok);
  EXPECT_FALSE(totals({line(1000)}, 0, kMaxMinorUnits + 1).ok);
  EXPECT_TRUE(totals({line(1000)}, 0, kMaxMinorUnits).ok);
  // Bad lines are still bad.
  EXPECT_FALSE(totals({line(1000, {1, 0}, 2000)}, 0, 10).ok);
}

TEST(PurchaseTotals, ErrorsNameTheLine) {
  TotalsResult r = totals({line(100), line(100, {1, 0}, 101)});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.rfind("products[1]: ", 0), 0u) << r.error;
  EXPECT_EQ(r.total_minor, 0);
}

TEST(PurchaseTotals, SumOverflow) {
  const std::int64_t half = kMaxMinorUnits / 2;
  EXPECT_TRUE(totals({line(half), line(half)}).ok);
  EXPECT_FALSE(totals({line(half), line(half), line(1)}).ok);
  std::vector<ProductLine> many(100, line(kMaxMinorUnits));
  EXPECT_FALSE(totals(many).ok);
  EXPECT_FALSE(totals(many, 0, 1).ok);  // even with an override: the lines themselves are bad
}

// subtotal - discount + tax + debt == total, over a deterministic spread of inputs.
TEST(PurchaseTotals, BreakdownAlwaysAddsUp) {
  std::uint64_t seed = 12345;
  auto next = [&](std::uint64_t mod) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((seed >> 33) % mod);
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<ProductLine> lines;
    std::int64_t n = next(5);
    for (std::int64_t i = 0; i < n; ++i) {
      ProductLine l = line(next(100000), {next(10000), static_cast<int>(next(4))}, 0,
                           {next(3000), static_cast<int>(next(3))});
      LineTotalsResult bare = line_totals(l);
      ASSERT_TRUE(bare.ok) << bare.error;
      l.discount_minor = next(static_cast<std::uint64_t>(bare.gross_minor) + 1);
      lines.push_back(l);
    }
    std::int64_t debt = next(1000) - 100;
    TotalsResult r = totals(lines, debt);
    if (!r.ok) {
      EXPECT_NE(r.error.find("negative"), std::string::npos) << r.error;
      continue;
    }
    EXPECT_EQ(r.subtotal_minor - r.discount_minor + r.tax_minor + debt, r.total_minor);
  }
}

}  // namespace
}  // namespace tender::money
