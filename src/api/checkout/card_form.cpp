#include "api/checkout/card_form.hpp"

#include <algorithm>
#include <regex>

#include "cards/expiry.hpp"

namespace tender::api::checkout {

namespace {

CardFormResult fail(std::string code, std::string message) {
  CardFormResult r;
  r.error_code = std::move(code);
  r.error_message = std::move(message);
  return r;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The seed's "max 30 chars" counts characters, not UTF-8 bytes.
std::size_t characters(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

CardFormResult read_card_form(const http::FormFields& fields) {
  auto name = http::form_value(fields, "cardholder_name");
  auto number = http::form_value(fields, "card_number");
  auto expires = http::form_value(fields, "expires");
  auto cvc = http::form_value(fields, "cvc");
  auto remember = http::form_value(fields, "remember_card");

  auto blank = [](const std::optional<std::string>& v) { return !v || v->empty(); };
  if (blank(name) && blank(number) && blank(expires) && blank(cvc))
    return fail("validation_card_details_missing", "Card data field values are missing from request");
  if (blank(cvc)) return fail("validation_cvc_not_provided", "`cvc` field not provided");
  if (blank(name)) return fail("validation_cardholder_name_not_provided", "`cardholder_name` field not provided");
  if (blank(number)) return fail("validation_card_number_not_provided", "`card_number` field not provided");
  if (blank(expires)) return fail("validation_expires_not_provided", "`expires` field not provided");

  if (cvc->size() > 4) return fail("validation_cvc_too_long", "`cvc` is too long");
  if (characters(*name) > 30) return fail("validation_cardholder_name_too_long", "`cardholder_name` is too long");
  if (number->size() > 19) return fail("validation_card_number_too_long", "`card_number` is too long");
  if (expires->size() > 5) return fail("validation_expires_too_long", "`expires` is too long");

  static const std::regex latin_name(R"(^[A-Za-z .'\-]+$)");
  if (cvc->size() < 3 || !all_digits(*cvc)) return fail("validation_cvc_invalid", "`cvc` is invalid");
  if (!std::regex_match(*name, latin_name))
    return fail("validation_cardholder_name_invalid", "`cardholder_name` is too long or invalid");
  if (!all_digits(*number)) return fail("validation_card_number_invalid", "`card_number` is invalid");
  auto expiry = cards::parse_mm_yy(*expires);
  if (!expiry) return fail("validation_expires_invalid", "`expires` is invalid");

  CardFormResult r;
  r.card = connectors::CardData{*number, *cvc, expiry->month, expiry->year, *name};
  r.remember_card = remember && (*remember == "on" || *remember == "true" || *remember == "1");
  return r;
}

}  // namespace tender::api::checkout
