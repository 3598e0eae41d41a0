#include "api/orders/order_request.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

#include "api/collect/purchase_request.hpp"
#include "cards/card_number.hpp"
#include "engine/ids.hpp"
#include "json/reader.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::api::orders {

namespace bj = boost::json;
using json::ErrorCode;
using Choices = std::span<const std::string_view>;

namespace {

constexpr std::string_view kSourceTypes[] = {"card", "apple_pay", "google_pay", "samsung_pay"};
constexpr std::string_view kTransactionTypes[] = {"internet", "merchant", "moto"};
constexpr std::string_view kAuthStatuses[] = {"Y", "N", "U", "A", "R"};
constexpr std::string_view kEcis[] = {"00", "01", "02", "05", "06", "07"};
constexpr std::string_view kThreeDsVersions[] = {"2.0.0", "2.1.0", "2.2.0", "2.3.0"};
constexpr std::string_view kAgreementTypes[] = {"unscheduled", "recurring", "registered", "installment"};
constexpr std::string_view kAmountTypes[] = {"fixed", "variable"};
constexpr std::string_view kVisaTransactionIndicators[] = {"I", "P", "R", "Y"};
constexpr std::string_view kVisaSpecialConditions[] = {"A", "B", "E", "H", "J", "M", "N", "T"};
constexpr std::string_view kMastercardTransactionTypes[] = {
    "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C09", "C51", "C52", "C53", "C54", "C55",
    "C56", "C57", "C58", "C59", "C60", "C61", "C62", "C63", "C64", "C65", "C66", "C67", "C68",
    "C91", "C92", "C93", "C94", "F07", "F52", "F53", "F54", "F61", "F64", "P01", "P70", "P71"};
constexpr std::string_view kMastercardPromotionCodes[] = {"ARGCTA", "AGROF1", "BNDES1", "CHLCTA", "COLCTA",
                                                          "GREECE", "HGMINS", "MCGARS", "MCINST", "MEXCTA",
                                                          "PARCEL", "PERCTA", "PHINST", "PRYCTA", "URYCTA"};

constexpr std::int64_t kMinAmount = 100;
constexpr std::int64_t kMaxYear = 9999;

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool only(const std::string& s, bool (*ok)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), ok); }
bool alnum_dash(char c) { return alnum(c) || c == '-'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

void pattern_error(json::ObjectReader& r, std::string_view key) {
  r.errors().add(r.path_of(key), ErrorCode::invalid, "This value is not valid.");
}

// A string field that must match `ok` for every character (the seed's ^[...]+$ patterns).
std::optional<std::string> patterned(json::ObjectReader& r, std::string_view key, const json::StringRule& rule,
                                     bool (*ok)(char)) {
  auto v = r.string(key, rule);
  if (v && !only(*v, ok)) {
    pattern_error(r, key);
    return std::nullopt;
  }
  return v;
}

void copy_if(bj::object& out, std::string_view key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}

// The number, month and year every source has: the card's or the network token's.
void read_pan_and_expiry(json::ObjectReader& r, connectors::CardData& card, bj::object& echo) {
  if (auto number = r.string("number", {.required = true})) {
    if (number->size() < 13 || number->size() > 19 || !only(*number, digit)) {
      pattern_error(r, "number");
    } else {
      card.pan = *number;
      echo["scheme"] = std::string(cards::to_string(cards::detect_scheme(*number)));
      echo["first_digits"] = cards::bin6(*number);
      echo["last_digits"] = cards::last4(*number);
    }
  }
  if (auto month = r.integer("month", {.required = true, .min = 1, .max = 12})) {
    card.expiry_month = static_cast<int>(*month);
    echo["month"] = *month;
  }
  if (auto year = r.integer("year", {.required = true, .min = 2000, .max = kMaxYear})) {
    card.expiry_year = static_cast<int>(*year);
    echo["year"] = *year;
  }
}

// 3-D Secure done by the merchant: the result is passed on, so Tender runs no challenge. The
// authentication value itself is not stored.
void read_auth(json::ObjectReader& source, OrderRequest& out, bj::object& echo) {
  auto* o = source.object("auth");
  if (!o) return;
  json::ObjectReader r(o, source.path_of("auth"), source.errors());
  r.reject_unknown({"value", "status", "eci", "version", "ds_transaction_id", "acs_transaction_id",
                    "ds_reference_number", "acs_reference_number", "tds_purchase_date"});
  bj::object auth;
  r.string("value", {.max_length = 256});
  if (auto status = r.string("status", {.required = true, .choices = Choices(kAuthStatuses)})) {
    auth["status"] = *status;
    out.three_ds_result = *status;
  }
  copy_if(auth, "eci", r.string("eci", {.choices = Choices(kEcis)}));
  copy_if(auth, "version", r.string("version", {.choices = Choices(kThreeDsVersions)}));
  copy_if(auth, "ds_transaction_id", r.string("ds_transaction_id", {.max_length = 64}));
  copy_if(auth, "acs_transaction_id", r.string("acs_transaction_id", {.max_length = 64}));
  copy_if(auth, "ds_reference_number", r.string("ds_reference_number", {.max_length = 32}));
  copy_if(auth, "acs_reference_number", r.string("acs_reference_number", {.max_length = 32}));
  copy_if(auth, "tds_purchase_date", r.string("tds_purchase_date", {.max_length = 32}));
  echo["auth"] = std::move(auth);
}

// A wallet's ECI says what its device authentication was worth; the cryptogram is not stored.
std::string three_ds_of_eci(const std::optional<std::string>& eci) {
  if (!eci) return "Y";  // a wallet token is authenticated on the device
  if (*eci == "05" || *eci == "02") return "Y";
  if (*eci == "06" || *eci == "01") return "A";
  return "N";
}

void read_source(json::ObjectReader& top, OrderRequest& out, bj::object& echo) {
  if (!top.has_key("source")) {
    top.errors().add("source", ErrorCode::required);
    top.errors().add("source.type", ErrorCode::required);
    return;
  }
  auto* o = top.object("source", true);
  if (!o) return;
  json::ObjectReader r(o, "source", top.errors());
  auto type = r.string("type", {.required = true, .choices = Choices(kSourceTypes)});
  if (!type) return;  // the other fields depend on the type
  bj::object source{{"type", *type}};
  if (*type == "card") {
    r.reject_unknown({"type", "number", "month", "year", "security_code", "auth"});
    read_pan_and_expiry(r, out.card, source);
    if (auto cvc = r.string("security_code", {.required = true})) {
      if (cvc->size() < 3 || cvc->size() > 4 || !only(*cvc, digit)) pattern_error(r, "security_code");
      else out.card.cvc = *cvc;
    }
    read_auth(r, out, source);
  } else {
    r.reject_unknown({"type", "number", "month", "year", "eci", "cryptogram"});
    read_pan_and_expiry(r, out.card, source);
    auto eci = r.string("eci", {.choices = Choices(kEcis)});
    if (auto cryptogram = r.string("cryptogram", {.required = true, .max_length = 256})) out.wallet_cryptogram = *cryptogram;
    copy_if(source, "eci", eci);
    out.three_ds_result = three_ds_of_eci(eci);
  }
  echo["source"] = std::move(source);
}

void read_device(json::ObjectReader& top, OrderRequest& out, bj::object& echo) {
  if (!top.has_key("device")) {
    for (const char* path : {"device", "device.user_agent", "device.ip_address"}) top.errors().add(path, ErrorCode::required);
    return;
  }
  auto* o = top.object("device", true);
  if (!o) return;
  json::ObjectReader r(o, "device", top.errors());
  r.reject_unknown({"user_agent", "ip_address"});
  bj::object device;
  copy_if(device, "user_agent", r.string("user_agent", {.required = true, .max_length = 1024}));
  if (auto ip = r.string("ip_address", {.required = true, .max_length = 45})) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(*ip, ec);
    if (ec) {
      r.errors().add(r.path_of("ip_address"), ErrorCode::invalid, "This is not a valid IP address.");
    } else {
      device["ip_address"] = *ip;
      out.client_ip = *ip;
    }
  }
  echo["device"] = std::move(device);
}

std::optional<bj::object> read_airline(json::ObjectReader& top) {
  auto* o = top.object("airline");
  if (!o) return std::nullopt;
  json::ObjectReader r(o, "airline", top.errors());
  r.reject_unknown({"reference"});
  bj::object airline;
  copy_if(airline, "reference", patterned(r, "reference", {.required = true, .max_length = 15, .min_length = 6}, alnum));
  return airline;
}

std::optional<bj::object> read_new_agreement(json::ObjectReader& top) {
  auto* o = top.object("new_agreement");
  if (!o) return std::nullopt;
  json::ObjectReader r(o, "new_agreement", top.errors());
  r.reject_unknown({"type", "id", "count", "amount_type"});
  bj::object agreement;
  copy_if(agreement, "type", r.string("type", {.required = true, .choices = Choices(kAgreementTypes)}));
  copy_if(agreement, "id", patterned(r, "id", {.required = true, .max_length = 36, .min_length = 1}, alnum_dash));
  if (auto count = r.integer("count", {.min = 1, .max = 999})) agreement["count"] = *count;
  agreement["amount_type"] = r.string("amount_type", {.choices = Choices(kAmountTypes)}).value_or("variable");
  return agreement;
}

std::optional<bj::object> read_additional_data(json::ObjectReader& top) {
  auto* o = top.object("additional_data");
  if (!o) return std::nullopt;
  json::ObjectReader r(o, "additional_data", top.errors());
  r.reject_unknown({"visa", "mastercard"});
  bj::object data;
  if (auto* visa = r.object("visa")) {
    json::ObjectReader v(visa, r.path_of("visa"), r.errors());
    v.reject_unknown({"transaction_indicator", "special_condition"});
    bj::object out;
    copy_if(out, "transaction_indicator", v.string("transaction_indicator", {.choices = Choices(kVisaTransactionIndicators)}));
    copy_if(out, "special_condition", v.string("special_condition", {.choices = Choices(kVisaSpecialConditions)}));
    data["visa"] = std::move(out);
  }
  if (auto* mc = r.object("mastercard")) {
    json::ObjectReader m(mc, r.path_of("mastercard"), r.errors());
    m.reject_unknown({"transaction_type_identifier", "promotion_code"});
    bj::object out;
    copy_if(out, "transaction_type_identifier",
            m.string("transaction_type_identifier", {.choices = Choices(kMastercardTransactionTypes)}));
    copy_if(out, "promotion_code", m.string("promotion_code", {.choices = Choices(kMastercardPromotionCodes)}));
    data["mastercard"] = std::move(out);
  }
  return data;
}

std::optional<bj::object> read_sub_merchant(json::ObjectReader& top) {
  auto* o = top.object("sub_merchant");
  if (!o) return std::nullopt;
  json::ObjectReader r(o, "sub_merchant", top.errors());
  r.reject_unknown({"id", "name", "city"});
  bj::object sub;
  copy_if(sub, "id", patterned(r, "id", {.required = true, .max_length = 15, .min_length = 1}, alnum_dash));
  copy_if(sub, "name", r.string("name", {.required = true, .max_length = 100, .min_length = 1}));
  copy_if(sub, "city", r.string("city", {.required = true, .max_length = 100, .min_length = 1}));
  return sub;
}

bj::value or_null(std::optional<bj::object> o) { return o ? bj::value(std::move(*o)) : bj::value(nullptr); }

}  // namespace

std::optional<OrderRequest> read_order(const bj::object& body, json::FieldErrors& errors) {
  json::ObjectReader r(&body, "", errors);
  r.reject_unknown({"given_id", "amount", "currency", "description", "transaction_type", "source", "device", "airline",
                    "new_agreement", "agreement_id", "additional_data", "sub_merchant", "callback_url"});
  OrderRequest out;
  auto& np = out.purchase;
  bj::object echo;

  if (auto given = r.string("given_id", {.max_length = 36})) {
    if (!engine::is_uuid(*given)) errors.add("given_id", ErrorCode::invalid, "This is not a valid UUID.");
    else out.given_id = *given;
  }
  auto amount = r.integer("amount", {.required = true, .min = kMinAmount, .max = money::kMaxMinorUnits});
  if (auto currency = r.string("currency", {.required = true, .max_length = 3})) {
    if (!money::find_currency(*currency)) errors.add("currency", ErrorCode::invalid_choice);
    else np.currency = *currency;
  }
  auto description = r.string("description", {.required = true, .max_length = 1024});
  auto transaction_type = r.string("transaction_type", {.choices = Choices(kTransactionTypes)}).value_or("internet");
  read_source(r, out, echo);
  read_device(r, out, echo);
  auto airline = read_airline(r);
  auto agreement = read_new_agreement(r);
  auto agreement_id = r.string("agreement_id", {.max_length = 64});
  if (agreement_id && agreement)
    errors.add("agreement_id", ErrorCode::invalid, "This field cannot be used together with new_agreement.");
  auto additional = read_additional_data(r);
  auto sub_merchant = read_sub_merchant(r);
  // Where the payer's browser returns after 3-D Secure, whatever the outcome (the provider's name).
  auto callback_url = r.string("callback_url", {.max_length = 1024});
  if (callback_url && !collect::valid_url(*callback_url))
    errors.add("callback_url", ErrorCode::invalid, "This value is not a valid URL.");
  if (!errors.empty()) return std::nullopt;

  out.remember_card = agreement.has_value();
  echo["description"] = *description;
  echo["transaction_type"] = transaction_type;
  echo["given_id"] = out.given_id ? bj::value(*out.given_id) : bj::value(nullptr);
  echo["airline"] = or_null(std::move(airline));
  echo["agreement"] = or_null(std::move(agreement));
  echo["agreement_id"] = agreement_id ? bj::value(*agreement_id) : bj::value(nullptr);
  echo["additional_data"] = or_null(std::move(additional));
  echo["sub_merchant"] = or_null(std::move(sub_merchant));

  np.success_redirect = np.failure_redirect = callback_url.value_or("");
  np.reference = out.given_id.value_or("");
  np.platform = "api";
  engine::set_single_item(np, *description, *amount);
  np.details["notes"] = *description;
  np.details[kDetailsKey] = std::move(echo);
  return out;
}

std::optional<std::int64_t> read_amount_body(const bj::object& body, json::FieldErrors& errors) {
  json::ObjectReader r(&body, "", errors);
  r.reject_unknown({"amount"});
  return r.integer("amount", {.min = 1, .max = money::kMaxMinorUnits});
}

}  // namespace tender::api::orders
