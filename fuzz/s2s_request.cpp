// The S2S Purchase API body (v1 and v2), as the route reads it: JSON, an object, read_payment.
#include "api/s2s/s2s_request.hpp"
#include "cards/card_number.hpp"
#include "fuzz_check.hpp"
#include "json/reader.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto value = json::parse_body(fuzz::as_text(data, size));
  if (!value || !value->is_object()) return 0;
  json::FieldErrors errors;
  auto payment = api::s2s::read_payment(value->get_object(), errors);
  fuzz::check_verdict(payment.has_value(), errors);
  if (payment) {
    // Only a card fit to send to an acquirer, and only positive, exact amounts, get through.
    FUZZ_CHECK(cards::all_digits(payment->card.pan) && payment->card.pan.size() <= 16);
    FUZZ_CHECK(payment->card.cvc.size() >= 3 && payment->card.cvc.size() <= 4 && cards::all_digits(payment->card.cvc));
    FUZZ_CHECK(payment->purchase.lines.size() == 1 && payment->purchase.lines[0].price_minor > 0);
  }
  return 0;
}
