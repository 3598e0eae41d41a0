#include "api/s2s/s2s_request.hpp"

#include "api/collect/purchase_request.hpp"
#include "cards/card_number.hpp"
#include "json/reader.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::api::s2s {

namespace bj = boost::json;
using json::ErrorCode;

namespace {

// The seed gives `amount` no maxLength; 32 characters hold any amount up to the money limit.
constexpr std::size_t kAmountMaxChars = 32;

struct TextField {
  const char* name;
  std::size_t max_length;
};

// billing_address and shipping_address share their fields and limits.
constexpr TextField kAddressFields[] = {{"country", 2},  {"email", 45}, {"phone_number", 20}, {"address1", 199},
                                        {"city", 65},    {"state", 65}, {"postal_code", 45}};
constexpr TextField kBrowserTextFields[] = {{"acceptHeader", 200}, {"screenColorDepth", 2}, {"language", 10},
                                            {"screenHeight", 5},   {"screenWidth", 5},      {"challengeWindow", 2},
                                            {"userAgent", 500}};

bool all_digits(const std::string& s) { return cards::all_digits(s); }

void set_if(bj::object& out, const char* key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}

bj::object read_address(json::ObjectReader& top, const char* key, bool required) {
  bj::object out;
  auto* o = top.object(key, required);
  if (!o) return out;
  json::ObjectReader r(o, top.path_of(key), top.errors());
  r.reject_unknown({"country", "email", "phone_number", "address1", "city", "state", "postal_code"});
  for (const auto& f : kAddressFields) set_if(out, f.name, r.string(f.name, {.max_length = f.max_length}));
  return out;
}

std::optional<bj::object> read_browser_info(json::ObjectReader& top) {
  auto* o = top.object("browser_info");
  if (!o) return std::nullopt;
  json::ObjectReader r(o, top.path_of("browser_info"), top.errors());
  r.reject_unknown({"acceptHeader", "screenColorDepth", "javaEnabled", "language", "screenHeight", "screenWidth",
                    "challengeWindow", "userAgent"});
  bj::object out;
  for (const auto& f : kBrowserTextFields) set_if(out, f.name, r.string(f.name, {.max_length = f.max_length}));
  if (auto java = r.boolean("javaEnabled")) out["javaEnabled"] = *java;
  return out;
}

// return_url: success_url and decline_url are where the payer's browser goes after 3-D Secure, so
// they must be http(s) URLs. webhook_url is kept as sent (the seed's own example sends the
// placeholder "< Webhook url >") and called only when it is an http(s) URL.
std::optional<bj::object> read_return_url(json::ObjectReader& top, engine::NewPurchase& out, bool& has_both) {
  auto* o = top.object("return_url");
  if (!o) return std::nullopt;
  json::ObjectReader r(o, top.path_of("return_url"), top.errors());
  r.reject_unknown({"webhook_url", "success_url", "decline_url"});
  bj::object echo;
  if (auto v = r.string("webhook_url", {.max_length = 255})) {
    echo["webhook_url"] = *v;
    if (collect::valid_url(*v)) {
      out.success_callback = *v;
      out.failure_callback = true;  // webhook_url hears a declined payment too
    }
  }
  auto redirect = [&](const char* key, std::string& target) {
    auto v = r.string(key, {.max_length = 255});
    if (!v) return false;
    if (!collect::valid_url(*v)) {
      r.errors().add(r.path_of(key), ErrorCode::invalid, "must be an absolute http or https URL.");
      return false;
    }
    echo[key] = *v;
    target = *v;
    return true;
  };
  bool success = redirect("success_url", out.success_redirect);
  bool decline = redirect("decline_url", out.failure_redirect);
  has_both = success && decline;
  return echo;
}

// The card: number, expiry and CVC are needed to pay, so they are required although the seed's
// schema lists no required card fields. Only their form is checked here (digits, lengths); whether
// the number, expiry and CVC are valid is the acquirer's answer (a decline), as in every dialect.
bj::object read_card(json::ObjectReader& top, connectors::CardData& card) {
  bj::object echo;
  auto* o = top.object("card", true);
  if (!o) return echo;
  json::ObjectReader r(o, "card", top.errors());
  r.reject_unknown({"cvc", "expiry_month", "expiry_year", "name", "number"});
  auto pattern_error = [&](const char* key, const char* message) {
    r.errors().add(r.path_of(key), ErrorCode::invalid, message);
  };
  if (auto number = r.string("number", {.required = true, .max_length = 16})) {
    if (!all_digits(*number)) {
      pattern_error("number", "must contain digits only.");
    } else {
      card.pan = *number;
      echo["number"] = cards::mask_pan(*number);
    }
  }
  if (auto month = r.string("expiry_month", {.required = true, .max_length = 2})) {
    if (!all_digits(*month)) {
      pattern_error("expiry_month", "must be 1 or 2 digits, such as \"12\".");
    } else {
      card.expiry_month = std::stoi(*month);
      echo["exp_month"] = *month;
    }
  }
  if (auto year = r.string("expiry_year", {.required = true, .max_length = 4})) {
    if (!all_digits(*year) || (year->size() != 2 && year->size() != 4)) {
      pattern_error("expiry_year", "must be 2 or 4 digits, such as \"29\" or \"2029\".");
    } else {
      int y = std::stoi(*year);
      card.expiry_year = year->size() == 2 ? 2000 + y : y;
      echo["exp_year"] = *year;
    }
  }
  if (auto cvc = r.string("cvc", {.required = true, .max_length = 4})) {
    if (!all_digits(*cvc) || cvc->size() < 3) pattern_error("cvc", "must be 3 or 4 digits.");
    else card.cvc = *cvc;
  }
  if (auto name = r.string("name", {.max_length = 255})) {
    card.cardholder_name = *name;
    echo["name"] = *name;
  }
  return echo;
}

// amount and currency: the amount is exact in the currency's minor unit or refused.
std::optional<std::int64_t> read_amount(json::ObjectReader& r, std::optional<std::string>& currency_out) {
  auto text = r.string("amount", {.required = true, .max_length = kAmountMaxChars});
  auto code = r.string("currency", {.required = true, .max_length = 3});
  const money::Currency* currency = nullptr;
  if (code) {
    currency = money::find_currency(*code);
    if (!currency) r.errors().add("currency", ErrorCode::invalid_choice, "an ISO 4217 currency code such as \"JPY\" or \"USD\"");
    else currency_out = *code;
  }
  if (!text || !currency) return std::nullopt;
  auto parsed = money::parse_major_units(*text, *currency);
  switch (parsed.error) {
    case money::ParseError::none:
      if (parsed.minor > 0) return parsed.minor;
      r.errors().add("amount", ErrorCode::min_value, "must be greater than 0.", 1);
      return std::nullopt;
    case money::ParseError::too_many_decimals:
      r.errors().add("amount", ErrorCode::invalid,
                     "has more decimals than " + std::string(currency->code) + " allows (at most " +
                         std::to_string(currency->exponent) + ").");
      return std::nullopt;
    case money::ParseError::out_of_range:
      r.errors().add("amount", ErrorCode::max_value, "is too large.", money::kMaxMinorUnits);
      return std::nullopt;
    case money::ParseError::negative:
      r.errors().add("amount", ErrorCode::min_value, "must be greater than 0.", 1);
      return std::nullopt;
    case money::ParseError::empty:
    case money::ParseError::not_a_number:
      break;
  }
  r.errors().add("amount", ErrorCode::invalid, "must be a decimal number in major units, such as \"1000\" or \"10.50\".");
  return std::nullopt;
}

// The payer's details as the engine's client (shown by every dialect), from the billing and
// shipping addresses and the cardholder name.
bj::object client_of(const bj::object& billing, const bj::object& shipping, const connectors::CardData& card) {
  bj::object client;
  auto copy = [](const bj::object& from, const char* key, bj::object& to, const char* as) {
    if (auto* v = from.if_contains(key); v && v->is_string() && !v->get_string().empty()) to[as] = *v;
  };
  copy(billing, "email", client, "email");
  copy(billing, "phone_number", client, "phone");
  copy(billing, "address1", client, "street_address");
  copy(billing, "country", client, "country");
  copy(billing, "city", client, "city");
  copy(billing, "postal_code", client, "zip_code");
  copy(billing, "state", client, "state");
  copy(shipping, "address1", client, "shipping_street_address");
  copy(shipping, "country", client, "shipping_country");
  copy(shipping, "city", client, "shipping_city");
  copy(shipping, "postal_code", client, "shipping_zip_code");
  copy(shipping, "state", client, "shipping_state");
  if (!card.cardholder_name.empty()) client["full_name"] = card.cardholder_name;
  return client;
}

}  // namespace

std::optional<S2sPayment> read_payment(const bj::object& body, json::FieldErrors& errors) {
  json::ObjectReader r(&body, "", errors);
  r.reject_unknown({"amount", "currency", "card", "merchant_txn_ref", "customer_ip", "merchant_id", "return_url",
                    "billing_address", "shipping_address", "browser_info", "time_zone"});
  S2sPayment out;
  auto& np = out.purchase;
  bj::object echo;

  auto amount = read_amount(r, np.currency);
  echo["card"] = read_card(r, out.card);
  echo["scheme"] = std::string(cards::to_string(cards::detect_scheme(out.card.pan)));
  auto merchant_txn_ref = r.string("merchant_txn_ref", {.max_length = 45});
  auto customer_ip = r.string("customer_ip", {.max_length = 45});
  if (auto mid = r.string("merchant_id", {.required = true, .max_length = 128})) out.merchant_id = *mid;
  if (auto ret = read_return_url(r, np, out.has_return_urls)) echo["return_url"] = std::move(*ret);
  auto billing = read_address(r, "billing_address", true);
  bj::object shipping;
  if (r.has_key("shipping_address")) {
    shipping = read_address(r, "shipping_address", false);
    echo["shipping_address"] = shipping;
  }
  if (auto browser = read_browser_info(r)) echo["browser_info"] = std::move(*browser);
  auto time_zone = r.string("time_zone", {.max_length = 128});
  if (!errors.empty()) return std::nullopt;

  echo["billing_address"] = billing;
  echo["merchant_txn_ref"] = merchant_txn_ref ? bj::value(*merchant_txn_ref) : bj::value(nullptr);
  echo["customer_ip"] = customer_ip ? bj::value(*customer_ip) : bj::value(nullptr);
  if (time_zone) echo["time_zone"] = *time_zone;
  out.customer_ip = customer_ip.value_or("");

  np.brand_id = out.merchant_id;
  np.client = client_of(billing, shipping, out.card);
  np.reference = merchant_txn_ref.value_or("");
  np.platform = "api";
  np.skip_capture = false;  // the seed's prose: the amount is captured at once
  engine::set_single_item(np, merchant_txn_ref && !merchant_txn_ref->empty() ? "Payment " + *merchant_txn_ref : "Payment",
                          *amount);
  np.details[kDetailsKey] = std::move(echo);
  return out;
}

}  // namespace tender::api::s2s
