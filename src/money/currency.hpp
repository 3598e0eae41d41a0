#pragma once
// ISO 4217 currencies the gateway can price in, with their minor-unit exponents.

#include <span>
#include <string_view>

namespace tender::money {

// One active ISO 4217 code. `exponent` is the number of minor-unit digits
// (USD 2, JPY 0, BHD 3, CLF 4): amounts are stored as integers of 10^-exponent.
struct Currency {
  std::string_view code;     // alphabetic, e.g. "USD"
  int exponent;              // minor-unit digits, 0..4
  std::string_view numeric;  // three-digit numeric code, e.g. "840"
  std::string_view name;     // ISO English name, e.g. "US Dollar"
};

// Exact, case-sensitive lookup by uppercase alphabetic code; nullptr if unknown.
const Currency* find_currency(std::string_view code);

// Every currency in the table, sorted by code.
std::span<const Currency> all_currencies();

}  // namespace tender::money
