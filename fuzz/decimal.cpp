// Money and decimal parsing (src/money/decimal.*): amounts in major units for every currency,
// and the quantities and percentages of product lines. An accepted amount formats back to text
// that parses to the same amount; nothing out of range gets through.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "fuzz_check.hpp"
#include "money/decimal.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 2) return 0;
  const auto currencies = money::all_currencies();
  const auto& currency = currencies[data[0] % currencies.size()];
  const bool allow_negative = data[1] & 1;
  const int max_scale = (data[1] >> 1) % 20 - 2;  // outside 0..15 too: the parser clamps
  const auto text = fuzz::as_text(data + 2, size - 2);

  auto amount = money::parse_major_units(text, currency, allow_negative);
  if (amount.ok()) {
    FUZZ_CHECK(std::llabs(amount.minor) <= money::kMaxMinorUnits);
    FUZZ_CHECK(allow_negative || amount.minor >= 0);
    const std::string formatted = money::format_major_units(amount.minor, currency);
    auto again = money::parse_major_units(formatted, currency, true);
    FUZZ_CHECK(again.ok() && again.minor == amount.minor);
    FUZZ_CHECK(!money::format_display(amount.minor, currency).empty());
  } else {
    FUZZ_CHECK(!money::describe(amount.error).empty());
  }

  auto decimal = money::parse_decimal(text, max_scale);
  if (decimal.ok()) {
    FUZZ_CHECK(decimal.value.units >= 0 && decimal.value.units <= money::kMaxMinorUnits);
    FUZZ_CHECK(decimal.value.scale >= 0 && decimal.value.scale <= std::max(0, std::min(max_scale, 15)));
    // A decimal and an amount share one grammar: what one accepts as a number, so does the other.
    FUZZ_CHECK(amount.error != money::ParseError::not_a_number && amount.error != money::ParseError::empty);
  }
  return 0;
}
