#pragma once
// Exact text <-> integer conversions for money amounts and small decimals.
// No floating point anywhere: amounts are integers of minor units.

#include <cstdint>
#include <string>
#include <string_view>

#include "money/currency.hpp"

namespace tender::money {

// Largest magnitude any amount may have, in minor units (10^15). It leaves room
// for sums and products in 128-bit arithmetic and is far above any real payment.
inline constexpr std::int64_t kMaxMinorUnits = 1'000'000'000'000'000;

enum class ParseError { none, empty, not_a_number, too_many_decimals, out_of_range, negative };

// Human message for an API error body, e.g. "has more decimals than the currency allows".
std::string_view describe(ParseError error);

struct AmountResult {
  std::int64_t minor = 0;
  ParseError error = ParseError::none;
  bool ok() const { return error == ParseError::none; }
};

// Parses an amount written in major units ("10.50" USD -> 1050).
// Grammar, strictly: ['-'] digit+ ['.' digit+]. Leading zeros are fine ("007");
// anything else is not_a_number: whitespace, '+', exponents, hex, thousands
// separators, "1." and ".5".
// More fraction digits than the currency's exponent is too_many_decimals, even
// when the extra digits are zeros ("10.0" JPY, "1.500" USD): we never guess.
// A '-' is refused as `negative` unless allow_negative. |value| <= kMaxMinorUnits.
// Errors are checked in that order: syntax, decimals, range, sign.
AmountResult parse_major_units(std::string_view text, const Currency& currency,
                               bool allow_negative = false);

// Inverse of parse_major_units: 1050 USD -> "10.50", 1000 JPY -> "1000", -5 USD -> "-0.05".
std::string format_major_units(std::int64_t minor, const Currency& currency);

// For people: code, a space, the amount with ',' every three digits: "USD 1,234.50".
std::string format_display(std::int64_t minor, const Currency& currency);

// A non-negative decimal number: value = units / 10^scale ("2.5" -> {25, 1}).
// The scale is the number of fraction digits written, so "2.50" -> {250, 2}.
struct Decimal {
  std::int64_t units = 0;
  int scale = 0;
};

struct DecimalResult {
  Decimal value;
  ParseError error = ParseError::none;
  bool ok() const { return error == ParseError::none; }
};

// Parses quantities and percentages sent as strings ("1", "2.5", "0.333").
// Same grammar as parse_major_units with max_scale (clamped to 0..15) in place of
// the exponent; a '-' is always `negative`; units must not exceed kMaxMinorUnits.
DecimalResult parse_decimal(std::string_view text, int max_scale = 6);

}  // namespace tender::money
