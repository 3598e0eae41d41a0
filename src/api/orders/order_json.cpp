#include "api/orders/order_json.hpp"

#include <ctime>

#include "api/orders/order_request.hpp"
#include "crypto/digest.hpp"
#include "json/access.hpp"
#include "util/utc_time.hpp"

namespace tender::api::orders {

namespace bj = boost::json;
using json::ErrorCode;

namespace {

std::string iso_seconds(std::int64_t t) { return util::utc_time(t, "%Y-%m-%dT%H:%M:%SZ"); }
const bj::object& object_at(const bj::object& o, const char* key) { return json::object_ref(o, key); }
bj::value value_at(const bj::object& o, const char* key) { return json::value_or_null(o, key); }
std::optional<std::string> text_at(const bj::object& o, const char* key) { return json::nonempty_text(o, key); }

bj::value text_or_null(const std::optional<std::string>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

// A transaction has no id of its own in the engine (it is an attempt of the purchase); this one is
// stable: derived from the purchase id and the attempt's position, in UUID form.
std::string transaction_id(const std::string& purchase_id, std::size_t index) {
  auto digest = crypto::sha256_hex(purchase_id + "/transaction/" + std::to_string(index));
  std::string id = digest.substr(0, 32);
  id[12] = '5';                                    // version nibble: name-based
  int nibble = id[16] >= 'a' ? id[16] - 'a' + 10 : id[16] - '0';
  id[16] = "89ab"[nibble & 3];                     // variant 10xx
  return id.substr(0, 8) + "-" + id.substr(8, 4) + "-" + id.substr(12, 4) + "-" + id.substr(16, 4) + "-" + id.substr(20);
}

std::string transaction_type(const std::string& attempt_type) {
  if (attempt_type == "execute" || attempt_type == "recurring_execute") return "purchase";
  if (attempt_type == "authorize") return "authorize";
  if (attempt_type == "release") return "void";
  return attempt_type;  // capture, refund
}

bool moves_money(const std::string& type) { return type == "purchase" || type == "capture"; }

bj::object source_json(const engine::Purchase& p, const bj::object& echo) {
  const auto& s = object_at(echo, "source");
  auto country = p.transaction_data.country;
  return bj::object{{"type", text_at(s, "type").value_or("card")},
                    {"issuer", nullptr},
                    {"card_type", nullptr},
                    {"category", nullptr},
                    {"country_alpha2", country.empty() ? bj::value(nullptr) : bj::value(country)},
                    {"scheme", value_at(s, "scheme")},
                    {"first_digits", value_at(s, "first_digits")},  // six digits at most (DESIGN: masked)
                    {"last_digits", value_at(s, "last_digits")},
                    {"month", value_at(s, "month")},
                    {"year", value_at(s, "year")}};
}

// A transaction the acquirer has not answered yet: `initiated` (the payer is at the 3-D Secure
// page) or `pending` (the authorization is at the acquirer). Its id is the one the answer keeps.
bj::object unanswered_transaction(const engine::Purchase& p, std::size_t index, const std::string& type,
                                  const std::string& source_type, const char* status, const char* message,
                                  std::int64_t since) {
  return bj::object{
      {"id", transaction_id(p.id, index)},
      {"status", status},
      {"type", type},
      {"source_type", source_type},
      {"reverse_reason", nullptr},
      {"justification", nullptr},
      {"reversed_transaction_id", nullptr},
      {"message", message},
      {"response_code", nullptr},
      {"retrieval_reference", nullptr},
      {"stan", nullptr},
      {"auth_code", nullptr},
      {"amount", p.total_minor},
      {"refunded_amount", 0},
      {"created_at", iso_seconds(since)},
  };
}

}  // namespace

bj::object order_json(const engine::Purchase& p, const std::vector<engine::Refund>& refunds,
                      const std::optional<std::string>& transaction_url) {
  const auto& echo = object_at(p.details, kDetailsKey);
  std::string source_type = text_at(echo, "transaction_type").value_or("internet");

  bj::array transactions;
  std::size_t next_refund = 0;
  const auto& attempts = p.transaction_data.attempts;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const auto& a = attempts[i];
    auto type = transaction_type(a.type);
    std::int64_t amount = p.total_minor;
    if (auto* v = a.extra.if_contains("amount"); v && v->is_int64()) {
      amount = v->get_int64();
    } else if (type == "capture") {
      amount = p.captured_minor;
    } else if (type == "refund") {
      amount = next_refund < refunds.size() ? refunds[next_refund].amount_minor : 0;
    }
    if (type == "refund" && a.successful) ++next_refund;
    // The money a refund gave back is counted on the transaction that moved it.
    bool money_holder = a.successful && moves_money(type) && !(type == "purchase" && p.skip_capture);
    transactions.push_back(bj::object{
        {"id", transaction_id(p.id, i)},
        {"status", a.successful ? "approved" : "declined"},
        {"type", type},
        {"source_type", source_type},
        {"reverse_reason", nullptr},
        {"justification", nullptr},
        {"reversed_transaction_id", nullptr},
        {"message", a.successful ? std::string("APPROVED") : a.error ? a.error->message : std::string("DECLINED")},
        {"response_code", a.successful ? bj::value("00") : text_or_null(text_at(a.extra, "response_code"))},
        {"retrieval_reference", text_or_null(text_at(a.extra, "rrn"))},
        {"stan", text_or_null(text_at(a.extra, "stan"))},
        {"auth_code", a.successful && (type == "purchase" || type == "authorize") ? text_or_null(text_at(a.extra, "auth_code"))
                                                                                     : bj::value(nullptr)},
        {"amount", amount},
        {"refunded_amount", money_holder ? p.refunded_minor : 0},
        {"created_at", iso_seconds(a.processing_time)},
    });
  }
  if (p.intent.open()) {
    const bool authorize = p.intent.operation == engine::PendingOperation::execute && p.skip_capture;
    transactions.push_back(unanswered_transaction(
        p, attempts.size(), transaction_type(authorize ? "authorize" : std::string(engine::to_string(p.intent.operation))),
        source_type, "pending", "PENDING", p.intent.since));
  } else if (transaction_url) {
    transactions.push_back(unanswered_transaction(p, attempts.size(), p.skip_capture ? "authorize" : "purchase",
                                                  source_type, "initiated", "INITIATED", p.created_on));
  }
  auto source = source_json(p, echo);
  if (transaction_url && !transaction_url->empty()) source["transaction_url"] = *transaction_url;

  bj::object merchant{{"id", p.brand_id},          {"acquirer_id", p.company_id}, {"name", p.brand_name},
                      {"arabic_name", nullptr},    {"merchant_id", p.brand_id},   {"rule_precedence", "merchant"}};
  return bj::object{
      {"id", p.id},
      {"merchant", std::move(merchant)},
      {"currency", p.currency},
      {"amount", p.total_minor},
      {"captured_amount", p.captured_minor},
      {"refunded_amount", p.refunded_minor},
      {"voided_amount", p.status == engine::Status::released ? p.total_minor : 0},
      {"description", text_at(echo, "description").value_or("")},
      {"created_at", iso_seconds(p.created_on)},
      {"updated_at", iso_seconds(p.updated_on)},
      {"source", std::move(source)},
      {"reauthorized_order_id", nullptr},
      {"airline", value_at(echo, "airline")},
      {"sub_merchant", value_at(echo, "sub_merchant")},
      {"agreement", value_at(echo, "agreement")},
      {"transactions", std::move(transactions)},
  };
}

http::Response json_response(int status, const bj::value& body) {
  return http::Response{status, "application/json", bj::serialize(body), {}};
}

http::Response message_response(int status, const std::string& message) {
  return json_response(status, bj::object{{"message", message}});
}

std::string field_message(const json::FieldError& e) {
  auto limit = std::to_string(e.limit);
  switch (e.code) {
    case ErrorCode::required: return "This field is missing.";
    case ErrorCode::null_value: return "This value should not be null.";
    case ErrorCode::invalid_type: return "This value should be of type " + (e.detail.empty() ? std::string("another type") : e.detail) + ".";
    case ErrorCode::max_length: return "This value is too long. It should have " + limit + " characters or less.";
    case ErrorCode::min_length: return "This value is too short. It should have " + limit + " characters or more.";
    case ErrorCode::min_value: return "The value must be greater than or equal to " + limit + ".";
    case ErrorCode::max_value: return "The value must be less than or equal to " + limit + ".";
    case ErrorCode::invalid_choice: return "The value you selected is not a valid choice.";
    case ErrorCode::invalid: return e.detail.empty() ? "This value is not valid." : e.detail;
    case ErrorCode::unknown_field: return "This field was not expected.";
    case ErrorCode::min_items:
    case ErrorCode::max_items:
    case ErrorCode::not_unique: return "This value is not valid.";
  }
  return "This value is not valid.";
}

http::Response validation_response(const json::FieldErrors& errors) {
  bj::object map;
  for (const auto& e : errors.list()) {
    auto& list = map[e.path.empty() ? "body" : e.path];
    if (!list.is_array()) list = bj::array{};
    list.get_array().push_back(bj::string(field_message(e)));
  }
  return json_response(422, bj::object{{"message", kValidationFailed}, {"errors", std::move(map)}});
}

http::Response engine_error_response(const engine::EngineError& e) {
  using engine::ErrorKind;
  switch (e.kind()) {
    case ErrorKind::not_found: return message_response(404, "Not Found");
    case ErrorKind::conflict: return message_response(400, e.what());
    case ErrorKind::unavailable:
      return message_response(503, e.code().find("vault") != std::string::npos ? kVaultUnavailable : e.what());
    case ErrorKind::invalid_state: return message_response(422, e.what());
    case ErrorKind::invalid_input: break;
  }
  if (e.field().empty()) return message_response(422, e.what());
  // Engine field paths are the Collect API's; name this dialect's fields.
  std::string field = e.field() == "purchase.currency" ? "currency" : e.field() == "purchase.total" ? "amount" : e.field();
  bj::object errors{{field, bj::array{bj::string(e.what())}}};
  return json_response(422, bj::object{{"message", kValidationFailed}, {"errors", std::move(errors)}});
}

http::Response body_error_response(api::BodyProblem problem) {
  switch (problem) {
    case api::BodyProblem::malformed: return message_response(400, "Malformed JSON in request body.");
    case api::BodyProblem::not_an_object: return message_response(400, "The request body must be a JSON object.");
    case api::BodyProblem::too_large: break;
  }
  return message_response(413, "Request body is larger than the limit.");
}

}  // namespace tender::api::orders
