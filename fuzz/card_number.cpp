// Card number handling (src/cards/card_number.*): validation, scheme detection and the only
// forms of a PAN that may be shown. A number passes Luhn only if all digits, and exactly one
// check digit completes any digit string; masks never reveal more than 10 characters.
#include <string>

#include "cards/card_number.hpp"
#include "fuzz_check.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto pan = fuzz::as_text(data, size);
  const bool digits = cards::all_digits(pan);
  if (cards::luhn_valid(pan)) FUZZ_CHECK(digits);
  if (digits && pan.size() < 64) {
    int completing = 0;
    for (char d = '0'; d <= '9'; ++d) completing += cards::luhn_valid(std::string(pan) + d);
    FUZZ_CHECK(completing == 1);
  }

  const auto scheme = cards::detect_scheme(pan);
  if (!digits) FUZZ_CHECK(scheme == cards::Scheme::unknown);
  FUZZ_CHECK(!cards::to_string(scheme).empty());
  for (std::size_t len = 0; len < 24; ++len) {
    if (cards::length_valid_for(scheme, len)) FUZZ_CHECK(len >= 12 && len <= 19);
  }

  const std::string masked = cards::mask_pan(pan);
  FUZZ_CHECK(masked.size() == pan.size());
  std::size_t shown = 0;
  for (std::size_t i = 0; i < masked.size(); ++i) {
    if (masked[i] != '*') {
      ++shown;
      FUZZ_CHECK(masked[i] == pan[i]);
    }
  }
  FUZZ_CHECK(shown <= 10 && (pan.empty() || shown < pan.size() || pan.find('*') != std::string_view::npos));
  const std::string last = cards::last4(pan), first = cards::bin6(pan);
  FUZZ_CHECK(last.empty() || masked.ends_with(last));
  FUZZ_CHECK(first.empty() || masked.starts_with(first));
  return 0;
}
