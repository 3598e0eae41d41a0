#pragma once
// Purchase totals from product lines, exactly, in minor units.
//
// Per line (all inputs non-negative):
//   gross = price * quantity                     rounded half-up to a minor unit
//   net   = gross - discount                     discount is the line's TOTAL discount;
//                                                discount > price * quantity is an error
//   tax   = net * tax_percent / 100              on the rounded net, rounded half-up
//   total = net + tax
// Each value is rounded once, per line, so the lines a checkout page shows add up.
// A line with total_price_override has total = that override and counts as
// gross = override, discount = 0, tax = 0 in the purchase breakdown.
//
// Per purchase:
//   subtotal = sum(gross), discount = sum(discount), tax = sum(tax)
//   total    = sum(line totals) + debt           debt may be negative, total may not
//   total    = total_override, exactly, when it is set (lines are still validated)
// Without total_override, total == subtotal - discount + tax + debt always holds.
// Every intermediate is 128-bit; any amount above kMaxMinorUnits is an error.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "money/decimal.hpp"

namespace tender::money {

struct ProductLine {
  std::int64_t price_minor = 0;  // unit price
  Decimal quantity{1, 0};
  std::int64_t discount_minor = 0;  // for the whole line, not per unit
  Decimal tax_percent{0, 0};        // 6.5% is {65, 1}
  std::optional<std::int64_t> total_price_override;
};

struct LineTotalsResult {
  std::int64_t gross_minor = 0;
  std::int64_t discount_minor = 0;
  std::int64_t tax_minor = 0;
  std::int64_t total_minor = 0;
  bool ok = false;
  std::string error;  // empty when ok
};

struct TotalsResult {
  std::int64_t subtotal_minor = 0;
  std::int64_t discount_minor = 0;
  std::int64_t tax_minor = 0;
  std::int64_t total_minor = 0;
  bool ok = false;
  std::string error;  // e.g. "products[1]: discount exceeds price * quantity"
};

// One line by the rules above.
LineTotalsResult line_totals(const ProductLine& line);

// The whole purchase by the rules above.
TotalsResult purchase_totals(std::span<const ProductLine> lines, std::int64_t debt_minor,
                             std::optional<std::int64_t> total_override);

}  // namespace tender::money
