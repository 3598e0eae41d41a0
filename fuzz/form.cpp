// The checkout and Direct Post forms (src/http/form.*, read by api/checkout/card_form.*), and the
// Cookie header the portal reads with the same care. A parsed form has at most its field limit;
// a card the form accepts is complete and well-formed, a refusal carries a validation_* code.
#include <string>

#include "api/checkout/card_form.hpp"
#include "cards/card_number.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"

using namespace tender;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto body = fuzz::as_text(data, size);
  constexpr std::size_t kMaxFields = 64;
  auto fields = http::parse_form(body, kMaxFields);
  http::cookie_value(std::string(body), "tender_session");
  if (!fields) return 0;
  FUZZ_CHECK(fields->size() <= kMaxFields);
  for (const auto& [name, value] : *fields) FUZZ_CHECK(http::form_value(*fields, name).has_value());

  auto card = api::checkout::read_card_form(*fields);
  if (card.card) {
    FUZZ_CHECK(card.error_code.empty());
    const auto& c = *card.card;
    FUZZ_CHECK(cards::all_digits(c.pan) && c.pan.size() <= 19);
    FUZZ_CHECK(cards::all_digits(c.cvc) && c.cvc.size() >= 3 && c.cvc.size() <= 4);
    FUZZ_CHECK(c.expiry_month >= 1 && c.expiry_month <= 12 && !c.cardholder_name.empty());
  } else {
    FUZZ_CHECK(card.error_code.starts_with("validation_") && !card.error_message.empty());
  }
  return 0;
}
