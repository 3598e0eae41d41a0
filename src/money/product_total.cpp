#include "money/product_total.hpp"

namespace tender::money {
namespace {

using i128 = __int128;

// Decimal scales beyond this cannot come from parse_decimal and would overflow 10^scale.
constexpr int kMaxScale = 18;

i128 pow10(int n) {
  i128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Half-up rounding of numerator / denominator, both non-negative.
i128 round_half_up(i128 numerator, i128 denominator) {
  return (2 * numerator + denominator) / (2 * denominator);
}

bool in_range(i128 v) { return v >= 0 && v <= kMaxMinorUnits; }

LineTotalsResult line_error(std::string message) {
  LineTotalsResult r;
  r.error = std::move(message);
  return r;
}

TotalsResult totals_error(std::string message) {
  TotalsResult r;
  r.error = std::move(message);
  return r;
}

}  // namespace

LineTotalsResult line_totals(const ProductLine& line) {
  if (!in_range(line.price_minor)) return line_error("price must be between 0 and 10^15 minor units");
  if (!in_range(line.discount_minor)) {
    return line_error("discount must be between 0 and 10^15 minor units");
  }
  if (line.quantity.units < 0 || line.quantity.scale < 0 || line.quantity.scale > kMaxScale) {
    return line_error("quantity must be a non-negative decimal");
  }
  if (line.tax_percent.units < 0 || line.tax_percent.scale < 0 ||
      line.tax_percent.scale > kMaxScale) {
    return line_error("tax_percent must be a non-negative decimal");
  }

  LineTotalsResult r;
  if (line.total_price_override) {
    if (!in_range(*line.total_price_override)) {
      return line_error("total_price_override must be between 0 and 10^15 minor units");
    }
    r.gross_minor = r.total_minor = *line.total_price_override;
    r.ok = true;
    return r;
  }

  // price and units are each <= ~9.2e18, so their product fits in 128 bits.
  i128 gross = round_half_up(i128{line.price_minor} * line.quantity.units, pow10(line.quantity.scale));
  if (gross > kMaxMinorUnits) return line_error("price * quantity is too large");
  if (line.discount_minor > gross) return line_error("discount exceeds price * quantity");
  i128 net = gross - line.discount_minor;
  i128 tax = round_half_up(net * line.tax_percent.units, 100 * pow10(line.tax_percent.scale));
  if (net + tax > kMaxMinorUnits) return line_error("line total is too large");

  r.gross_minor = static_cast<std::int64_t>(gross);
  r.discount_minor = line.discount_minor;
  r.tax_minor = static_cast<std::int64_t>(tax);
  r.total_minor = static_cast<std::int64_t>(net + tax);
  r.ok = true;
  return r;
}

TotalsResult purchase_totals(std::span<const ProductLine> lines, std::int64_t debt_minor,
                             std::optional<std::int64_t> total_override) {
  i128 subtotal = 0, discount = 0, tax = 0, total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    LineTotalsResult line = line_totals(lines[i]);
    if (!line.ok) return totals_error("products[" + std::to_string(i) + "]: " + line.error);
    subtotal += line.gross_minor;
    discount += line.discount_minor;
    tax += line.tax_minor;
    total += line.total_minor;
    // Checked per line so the sums stay tiny next to the 128-bit range.
    if (subtotal > kMaxMinorUnits || total > kMaxMinorUnits) {
      return totals_error("purchase total is too large");
    }
  }
  if (debt_minor < -kMaxMinorUnits || debt_minor > kMaxMinorUnits) {
    return totals_error("debt must be within 10^15 minor units");
  }
  total += debt_minor;
  if (total_override) {
    if (!in_range(*total_override)) {
      return totals_error("total_override must be between 0 and 10^15 minor units");
    }
    total = *total_override;
  }
  if (total < 0) return totals_error("total is negative: debt exceeds the products");
  if (total > kMaxMinorUnits) return totals_error("purchase total is too large");

  TotalsResult r;
  r.subtotal_minor = static_cast<std::int64_t>(subtotal);
  r.discount_minor = static_cast<std::int64_t>(discount);
  r.tax_minor = static_cast<std::int64_t>(tax);
  r.total_minor = static_cast<std::int64_t>(total);
  r.ok = true;
  return r;
}

}  // namespace tender::money
