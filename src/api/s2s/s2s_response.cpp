#include "api/s2s/s2s_response.hpp"

#include "connectors/decline_reason.hpp"
#include "engine/state_machine.hpp"

#include <boost/json.hpp>
#include <ctime>

#include "api/s2s/s2s_request.hpp"
#include "cards/card_number.hpp"
#include "json/access.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "util/utc_time.hpp"

namespace tender::api::s2s {

namespace bj = boost::json;
using json::ErrorCode;

namespace {

constexpr const char* kGatewayVersion = "1";  // both seeds' examples answer version "1"
// The seed's prose: the amount is captured at once (its example's PRE_AUTH contradicts it).
constexpr const char* kTransactionType = "PURCHASE";

// Declines: the engine's neutral reasons and the code this dialect gives each. Listed in
// docs/api-s2s.md; never renumber.
struct DeclineCode {
  connectors::DeclineReason reason;
  const char* code;
};
using R = connectors::DeclineReason;
constexpr DeclineCode kDeclineCodes[] = {
    {R::insufficient_funds, "ERROR3001"},
    {R::do_not_honour, "ERROR3002"},
    {R::stolen_card, "ERROR3003"},
    {R::lost_card, "ERROR3004"},
    {R::restricted_card, "ERROR3005"},
    {R::withdrawal_limit, "ERROR3006"},
    {R::account_limit, "ERROR3007"},
    {R::suspected_fraud, "ERROR3008"},
    {R::issuer_unavailable, "ERROR3009"},
    {R::not_permitted, "ERROR3010"},
    {R::invalid_issuer, "ERROR3011"},
    {R::security_violation, "ERROR3012"},
    {R::expired_card, "ERROR3013"},
    {R::authorization_failed, "ERROR3014"},
    {R::fraud_rules, "ERROR3015"},
    {R::blacklisted, "ERROR3016"},
    {R::acquirer_error, "ERROR3017"},
    {R::invalid_card_number, "ERROR3018"},
    {R::invalid_expiry, "ERROR3019"},
    {R::invalid_card_data, "ERROR3020"},
    {R::invalid_amount, "ERROR3021"},
    {R::authentication_failed, "ERROR3022"},
    {R::authentication_required, "ERROR3023"},
    {R::no_connector, "ERROR3024"},
    {R::status_unknown, "ERROR3025"},
    {R::connection_error, "ERROR3025"},
};
constexpr const char* kOtherDecline = "ERROR3099";

// Worldpay-style payment method codes, as the seed's ECMC-SSL.
const char* payment_method_code(std::string_view scheme) {
  if (scheme == "visa") return "VISA-SSL";
  if (scheme == "mastercard") return "ECMC-SSL";
  if (scheme == "amex") return "AMEX-SSL";
  if (scheme == "jcb") return "JCB-SSL";
  if (scheme == "diners") return "DINERS-SSL";
  if (scheme == "discover") return "DISCOVER-SSL";
  if (scheme == "unionpay") return "CHINAUNIONPAY-SSL";
  if (scheme == "maestro") return "MAESTRO-SSL";
  return "CARD-SSL";
}

std::string iso_millis(std::int64_t t) { return util::utc_time(t, "%Y-%m-%dT%H:%M:%S.000Z"); }
const bj::object& object_at(const bj::object& o, const char* key) { return json::object_ref(o, key); }
bj::value value_at(const bj::object& o, const char* key) { return json::value_or_null(o, key); }

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}




// An acquirer detail of the payment (auth_code, response_code...) when the engine recorded it:
// on the paid transaction first, else on the newest attempt.
std::optional<std::string> acquirer_detail(const engine::Purchase& p, const char* key) {
  auto text = [&](const bj::object& o) -> std::optional<std::string> {
    if (auto* v = o.if_contains(key); v && v->is_string() && !v->get_string().empty()) return std::string(v->get_string());
    return std::nullopt;
  };
  if (auto v = text(p.transaction_data.extra)) return v;
  const auto& attempts = p.transaction_data.attempts;
  for (auto it = attempts.rbegin(); it != attempts.rend(); ++it)
    if (auto v = text(it->extra)) return v;
  return std::nullopt;
}

bj::value integer_or_null(const std::optional<std::string>& digits) {
  if (!digits || !cards::all_digits(*digits) || digits->size() > 15) return nullptr;
  return std::stoll(*digits);
}

bool paid(const engine::Purchase& p) { return p.payment.has_value() || p.captured_minor > 0; }

// Serializes `body`, writing payment_details.amount as the exact decimal text: the seed types it
// a JSON number, and no floating point may touch an amount.
std::string serialize_with_amount(const bj::object& body, const std::string& amount_text) {
  std::string out = "{";
  bool first = true;
  for (const auto& kv : body) {
    if (!first) out += ',';
    first = false;
    out += bj::serialize(bj::value(bj::string(kv.key()))) + ":";
    if (kv.key() != "payment_details" || !kv.value().is_object()) {
      out += bj::serialize(kv.value());
      continue;
    }
    out += "{";
    bool first_inner = true;
    for (const auto& inner : kv.value().get_object()) {
      if (!first_inner) out += ',';
      first_inner = false;
      out += bj::serialize(bj::value(bj::string(inner.key()))) + ":";
      out += inner.key() == "amount" ? amount_text : bj::serialize(inner.value());
    }
    out += "}";
  }
  return out + "}";
}

http::Response json_response(int status, std::string body) {
  return http::Response{status, "application/json", std::move(body), {}};
}

bj::object gateway(const std::string& type, const std::string& message, const std::string& code) {
  return bj::object{{"version", kGatewayVersion}, {"type", type}, {"message", message}, {"code", code}};
}

std::string field_text(const json::FieldError& e) {
  auto limit = std::to_string(e.limit);
  switch (e.code) {
    case ErrorCode::required: return "is required.";
    case ErrorCode::null_value: return "must not be null.";
    case ErrorCode::invalid_type: return "must be of type " + (e.detail.empty() ? std::string("another type") : e.detail) + ".";
    case ErrorCode::max_length: return "must be at most " + limit + " characters long.";
    case ErrorCode::min_length: return "must be at least " + limit + " characters long.";
    case ErrorCode::min_value: return e.detail.empty() ? "must be at least " + limit + "." : e.detail;
    case ErrorCode::max_value: return e.detail.empty() ? "must be at most " + limit + "." : e.detail;
    case ErrorCode::invalid_choice: return "must be " + e.detail + ".";
    case ErrorCode::invalid: return e.detail.empty() ? "is invalid." : e.detail;
    case ErrorCode::unknown_field: return "is not a field of this request (additionalProperties: false).";
    case ErrorCode::min_items:
    case ErrorCode::max_items:
    case ErrorCode::not_unique: return "is invalid.";
  }
  return "is invalid.";
}

}  // namespace

std::string validation_code(const json::FieldError& e) {
  switch (e.code) {
    case ErrorCode::required: return "ERROR2001";
    case ErrorCode::null_value:
    case ErrorCode::invalid_type: return "ERROR2002";
    case ErrorCode::max_length:
    case ErrorCode::min_length: return "ERROR2003";
    case ErrorCode::invalid_choice: return "ERROR2004";
    case ErrorCode::invalid: return "ERROR2005";
    case ErrorCode::unknown_field: return "ERROR2006";
    case ErrorCode::min_value:
    case ErrorCode::max_value: return "ERROR2007";
    case ErrorCode::min_items:
    case ErrorCode::max_items:
    case ErrorCode::not_unique: return "ERROR2008";
  }
  return "ERROR2008";
}

std::string validation_message(const json::FieldError& e) {
  return (e.path.empty() ? std::string("The request") : e.path) + " " + field_text(e);
}

std::string decline_code(const std::string& engine_code) {
  if (auto reason = connectors::decline_reason_from_string(engine_code))
    for (const auto& d : kDeclineCodes)
      if (d.reason == *reason) return d.code;
  return kOtherDecline;
}

http::Response payment_response(const engine::Purchase& p, const GatewayInfo& info,
                                const std::optional<std::string>& redirect_url) {
  const auto& echo = object_at(p.details, kDetailsKey);
  std::string scheme = p.transaction_data.payment_method;
  if (scheme.empty())
    if (auto* s = echo.if_contains("scheme"); s && s->is_string()) scheme = std::string(s->get_string());

  bj::object device{{"visited_ip", value_at(echo, "customer_ip")},
                    {"merchant_ip", value_at(echo, "merchant_ip")},
                    {"customer_ip", value_at(echo, "customer_ip")}};
  bj::object merchant{{"legal_name", value_at(echo, "legal_name")},
                      {"mid", p.brand_id},
                      {"merchant_txn_ref", value_at(echo, "merchant_txn_ref")},
                      {"billing_details", bj::object{{"billing_address", object_at(echo, "billing_address")}}},
                      {"device_details", std::move(device)}};

  const auto& sent_card = object_at(echo, "card");
  bj::object card{{"name", value_at(sent_card, "name")},
                  {"number", value_at(sent_card, "number")},  // masked when it was stored
                  {"exp_month", value_at(sent_card, "exp_month")},
                  {"exp_year", value_at(sent_card, "exp_year")}};
  auto auth_code = acquirer_detail(p, "auth_code");
  bj::value response_code = paid(p) ? bj::value(0) : integer_or_null(acquirer_detail(p, "response_code"));
  bj::object payment{{"amount", nullptr},  // written exactly by serialize_with_amount
                     {"response_code", response_code},
                     {"auth_code", auth_code ? bj::value(*auth_code) : bj::value(nullptr)},
                     {"currency", p.currency},
                     {"payment_method", payment_method_code(scheme)},
                     {"scheme", upper(scheme)},
                     {"card", std::move(card)},
                     {"additional_data", bj::object{{"payment_data_source", bj::object{{"type", "card"}}}}}};

  std::int64_t when = p.payment ? p.payment->paid_on : p.updated_on;
  bj::object transaction{{"id", p.id},
                         {"ref", integer_or_null(auth_code)},
                         {"timestamp", iso_millis(when)},
                         {"merchant_txn_ref", value_at(echo, "merchant_txn_ref")},
                         {"stored_payment_method_id", nullptr}};

  bj::object body{{"success", info.type == "INFO" && info.http_status == 201},
                  {"status_code", info.http_status},
                  {"is_live", !p.is_test},
                  {"transaction_type", kTransactionType},
                  {"gateway_response", gateway(info.type, info.message, info.code)},
                  {"merchant_details", std::move(merchant)},
                  {"payment_details", std::move(payment)},
                  {"transaction_details", std::move(transaction)},
                  {"risk-details", bj::object{{"risk_score", nullptr}}}};
  if (redirect_url) body["redirect_url"] = *redirect_url;

  const auto* currency = money::find_currency(p.currency);
  std::string amount_text = currency ? money::format_major_units(p.total_minor, *currency) : std::to_string(p.total_minor);
  return json_response(info.http_status, serialize_with_amount(body, amount_text));
}

http::Response decline_response(const engine::Purchase& p, const std::string& engine_error_code,
                                const std::string& message) {
  GatewayInfo info{402, "ERROR", decline_code(engine_error_code), message.empty() ? "Payment declined." : message};
  return payment_response(p, info);
}

std::string callback_body(const engine::Purchase& p) {
  if (paid(p)) return payment_response(p, GatewayInfo{}).body;
  if (engine::is_payment_failure(p.status)) {
    const auto& attempts = p.transaction_data.attempts;
    for (auto it = attempts.rbegin(); it != attempts.rend(); ++it)
      if (it->error) return decline_response(p, it->error->code, it->error->message).body;
    return decline_response(p, "", "").body;
  }
  return payment_response(p, GatewayInfo{202, "INFO", kPaymentPending, "Payment is being processed."}).body;
}

std::optional<std::string> callback_body(const store::OutboxEvent& event) {
  boost::system::error_code ec;
  auto v = bj::parse(event.payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  try {
    auto purchase = engine::purchase_from_storage(v.get_object());
    if (!purchase.details.contains(kDetailsKey)) return std::nullopt;
    return callback_body(purchase);
  } catch (const std::exception&) {
    return std::nullopt;  // not a purchase snapshot
  }
}

http::Response error_response(int status, const std::string& code, const std::string& message, bool is_live) {
  bj::object body{{"success", false},
                  {"status_code", status},
                  {"is_live", is_live},
                  {"gateway_response", gateway("ERROR", message, code)}};
  return json_response(status, bj::serialize(body));
}

http::Response validation_response(const json::FieldErrors& errors, bool is_live, const std::string& code) {
  bj::array list;
  for (const auto& e : errors.list())
    list.push_back(bj::object{{"field", e.path}, {"code", json::to_string(e.code)}, {"message", validation_message(e)}});
  const auto& first = errors.list().front();
  bj::object body{{"success", false},
                  {"status_code", 400},
                  {"is_live", is_live},
                  {"gateway_response", gateway("ERROR", validation_message(first), code.empty() ? validation_code(first) : code)},
                  {"errors", std::move(list)}};
  return json_response(400, bj::serialize(body));
}

http::Response engine_error_response(const engine::EngineError& e, bool is_live) {
  using engine::ErrorKind;
  switch (e.kind()) {
    case ErrorKind::not_found: return error_response(404, kNotFound, "No such transaction.", is_live);
    case ErrorKind::conflict: return error_response(409, kInProgress, e.what(), is_live);
    case ErrorKind::unavailable: return error_response(503, kUnavailable, e.what(), is_live);
    case ErrorKind::invalid_state: return error_response(400, kRefused, e.what(), is_live);
    case ErrorKind::invalid_input: break;
  }
  // Engine field paths are the Collect API's; name this dialect's fields instead.
  if (e.field() == "brand_id") return error_response(403, kForeignMerchant, "merchant_id is not a merchant of this API key.", is_live);
  std::string field = e.field() == "purchase.currency" ? "currency" : e.field() == "purchase.total" ? "amount" : e.field();
  if (field.empty()) return error_response(400, kRefused, e.what(), is_live);
  json::FieldErrors errors;
  errors.add(field, ErrorCode::invalid, e.what());
  return validation_response(errors, is_live);
}

http::Response idempotency_error_response(const app::IdempotencyError& e, bool is_live) {
  using app::IdempotencyRefusal;
  switch (e.reason) {
    case IdempotencyRefusal::invalid_key: return error_response(e.status, kIdempotencyKeyInvalid, e.message, is_live);
    case IdempotencyRefusal::conflict: return error_response(e.status, kIdempotencyKeyReused, e.message, is_live);
    case IdempotencyRefusal::in_flight: return error_response(e.status, kInProgress, e.message, is_live);
    case IdempotencyRefusal::outcome_unknown: return error_response(e.status, kIdempotencyUnknown, e.message, is_live);
  }
  return error_response(e.status, kIdempotencyKeyInvalid, e.message, is_live);
}

http::Response body_error_response(api::BodyProblem problem, bool is_live) {
  switch (problem) {
    case api::BodyProblem::malformed: return error_response(400, kMalformedBody, "The request body is not valid JSON.", is_live);
    case api::BodyProblem::not_an_object:
      return error_response(400, kMalformedBody, "The request body must be a JSON object.", is_live);
    case api::BodyProblem::too_large: break;
  }
  return error_response(413, kBodyTooLarge, "The request body is larger than the limit (1 MiB).", is_live);
}

}  // namespace tender::api::s2s
