// Card expiry dates typed on a checkout form (src/cards/expiry.*): an accepted "MM/YY" is a real
// month that writes back to the same text, and a card is expired exactly after its month.
#include <cstdio>

#include "cards/expiry.hpp"
#include "fuzz_check.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  auto expiry = cards::parse_mm_yy(text);
  if (!expiry) return 0;
  FUZZ_CHECK(expiry->month >= 1 && expiry->month <= 12);
  FUZZ_CHECK(expiry->year >= 2000 && expiry->year <= 2099);
  char again[16];
  std::snprintf(again, sizeof again, "%02d/%02d", expiry->month, expiry->year % 100);
  FUZZ_CHECK(text == again);
  FUZZ_CHECK(!cards::expired(*expiry, expiry->year, expiry->month));
  FUZZ_CHECK(cards::expired(*expiry, expiry->year + 1, 1));
  FUZZ_CHECK(!cards::expired(*expiry, expiry->year - 1, 12));
  if (expiry->month < 12) FUZZ_CHECK(cards::expired(*expiry, expiry->year, expiry->month + 1));
  return 0;
}
