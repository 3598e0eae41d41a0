#include "api/collect/collect_errors.hpp"

#include <boost/json.hpp>

namespace tender::api::collect {

namespace bj = boost::json;

http::Response json_response(int status, const std::string& body) {
  return http::Response{status, "application/json", body, {}};
}

std::string field_message(const json::FieldError& e) {
  using json::ErrorCode;
  switch (e.code) {
    case ErrorCode::required: return "This field is required.";
    case ErrorCode::null_value: return "This field may not be null.";
    case ErrorCode::invalid_type: return "Invalid type: expected " + (e.detail.empty() ? std::string("another type") : e.detail) + ".";
    case ErrorCode::max_length: return "Ensure this field has no more than " + std::to_string(e.limit) + " characters.";
    case ErrorCode::min_length: return "Ensure this field has at least " + std::to_string(e.limit) + " characters.";
    case ErrorCode::min_value: return "Ensure this value is greater than or equal to " + std::to_string(e.limit) + ".";
    case ErrorCode::max_value: return "Ensure this value is less than or equal to " + std::to_string(e.limit) + ".";
    case ErrorCode::invalid_choice: return "Not a valid choice. Valid choices: " + e.detail + ".";
    case ErrorCode::invalid: return e.detail.empty() ? "Invalid value." : e.detail;
    case ErrorCode::unknown_field: return "Unknown field.";
    case ErrorCode::min_items: return "Ensure this list has at least " + std::to_string(e.limit) + " elements.";
    case ErrorCode::max_items: return "Ensure this list has no more than " + std::to_string(e.limit) + " elements.";
    case ErrorCode::not_unique: return "List items must be unique.";
  }
  return "Invalid value.";
}

namespace {

// Every error under its field's dotted path ("purchase.products.0.price"; "__all__" for the
// request as a whole), each a list of {"message", "code"}: the shape the provider's own clients
// parse (chip-java-sdk ApiErrors is Map<String, List<ApiError>>; chip-for-woocommerce loops over
// "__all__"). docs/collect-clients.md, "Error bodies".
void add_error(bj::object& root, const std::string& field, const std::string& message, const std::string& code) {
  auto& list = root[field.empty() ? "__all__" : field];
  if (!list.is_array()) list = bj::array{};
  list.get_array().push_back(bj::object{{"message", message}, {"code", code}});
}

}  // namespace

http::Response validation_error(const json::FieldErrors& errors) {
  bj::object root;
  for (const auto& e : errors.list()) add_error(root, e.path, field_message(e), json::to_string(e.code));
  return json_response(400, bj::serialize(root));
}

http::Response request_error(int status, const std::string& code, const std::string& message) {
  bj::object root;
  add_error(root, "", message, code);
  return json_response(status, bj::serialize(root));
}

http::Response not_found_response() { return request_error(404, "not_found", "No such object"); }

http::Response body_error(api::BodyProblem problem) {
  switch (problem) {
    case api::BodyProblem::malformed: return request_error(400, "parse_error", "Malformed JSON in request body.");
    case api::BodyProblem::not_an_object: return request_error(400, "parse_error", "The request body must be a JSON object.");
    case api::BodyProblem::too_large: break;
  }
  // The server's own wording for a body over its limit, so that both limits answer alike.
  return request_error(413, "bad_request", "Request body is larger than the limit.");
}

http::Response engine_error(const engine::EngineError& error) {
  using engine::ErrorKind;
  switch (error.kind()) {
    case ErrorKind::not_found: return not_found_response();
    case ErrorKind::unavailable: return request_error(503, error.code(), error.what());
    case ErrorKind::conflict:
    case ErrorKind::invalid_state:
    case ErrorKind::invalid_input:
      if (!error.field().empty()) {
        bj::object root;
        add_error(root, error.field(), error.what(), error.code());
        // chip-for-woocommerce reads this code under "__all__" to drop a stale saved card
        // (maybe_delete_payment_token), so it is there as well as under its field.
        if (error.code() == "invalid_recurring_token") add_error(root, "", error.what(), error.code());
        return json_response(400, bj::serialize(root));
      }
      return request_error(400, error.code(), error.what());
  }
  return request_error(400, error.code(), error.what());
}

}  // namespace tender::api::collect
