#include "api/s2s/s2s_request.hpp"

#include "api/collect/purchase_request.hpp"
#include "api/s2s/s2s_fields.hpp"
#include "api/schema/table_reader.hpp"
#include "cards/card_number.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::api::s2s {

namespace bj = boost::json;
using json::ErrorCode;

namespace {

using schema::TableReader;

std::optional<bj::object> read_return_url(TableReader& top, engine::NewPurchase& out, bool& has_both) {
  auto r = top.nested("return_url");
  if (!r.object()) return std::nullopt;
  r.reject_unknown();
  bj::object echo;
  if (auto v = r.string("webhook_url")) {
    echo["webhook_url"] = *v;
    if (collect::valid_url(*v)) {
      out.success_callback = *v;
      out.failure_callback = true;  // webhook_url hears a declined payment too
    }
  }
  auto redirect = [&](const char* key, std::string& target) {
    auto v = r.string(key);
    if (!v) return false;
    echo[key] = *v;
    target = *v;
    return true;
  };
  bool success = redirect("success_url", out.success_redirect);
  bool decline = redirect("decline_url", out.failure_redirect);
  has_both = success && decline;
  return echo;
}

bj::object read_card(TableReader& top, connectors::CardData& card) {
  bj::object echo;
  auto r = top.nested("card");
  if (!r.object()) return echo;
  r.reject_unknown();
  if (auto number = r.string("number")) {
    card.pan = *number;
    echo["number"] = cards::mask_pan(*number);
  }
  if (auto month = r.string("expiry_month")) {
    card.expiry_month = std::stoi(*month);
    echo["exp_month"] = *month;
  }
  if (auto year = r.string("expiry_year")) {
    int y = std::stoi(*year);
    card.expiry_year = year->size() == 2 ? 2000 + y : y;
    echo["exp_year"] = *year;
  }
  if (auto cvc = r.string("cvc")) card.cvc = *cvc;
  if (auto name = r.string("name")) {
    card.cardholder_name = *name;
    echo["name"] = *name;
  }
  return echo;
}

// amount and currency: the amount is exact in the currency's minor unit or refused.
std::optional<std::int64_t> read_amount(TableReader& r, std::optional<std::string>& currency_out) {
  auto text = r.string("amount");
  auto code = r.string("currency");
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
  TableReader r(kPaymentFields, &body, "", errors);
  r.reject_unknown();
  S2sPayment out;
  auto& np = out.purchase;
  bj::object echo;

  auto amount = read_amount(r, np.currency);
  echo["card"] = read_card(r, out.card);
  echo["scheme"] = std::string(cards::to_string(cards::detect_scheme(out.card.pan)));
  auto merchant_txn_ref = r.string("merchant_txn_ref");
  auto customer_ip = r.string("customer_ip");
  if (auto mid = r.string("merchant_id")) out.merchant_id = *mid;
  if (auto ret = read_return_url(r, np, out.has_return_urls)) echo["return_url"] = std::move(*ret);
  auto billing = r.flat_object("billing_address").value_or(bj::object{});
  bj::object shipping;
  if (r.has_key("shipping_address")) {
    shipping = r.flat_object("shipping_address").value_or(bj::object{});
    echo["shipping_address"] = shipping;
  }
  if (auto browser = r.flat_object("browser_info")) echo["browser_info"] = std::move(*browser);
  auto time_zone = r.string("time_zone");
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
