#pragma once
// The Collect dialect's error format: bodies keyed by the field's dotted path
// ({"purchase.products.0.price": [{"message", "code"}]}), each a list of {"message", "code"};
// errors about the whole request under "__all__" ({"__all__": [{"message", "code"}]}).
#include <string>

#include "api/dialect.hpp"
#include "engine/errors.hpp"
#include "http/message.hpp"
#include "json/field_errors.hpp"

namespace tender::api::collect {

http::Response json_response(int status, const std::string& body);
http::Response validation_error(const json::FieldErrors& errors);
http::Response request_error(int status, const std::string& code, const std::string& message);
http::Response engine_error(const engine::EngineError& error);
http::Response not_found_response();
// A body that is not JSON, not an object (400, parse_error) or too large (413).
http::Response body_error(api::BodyProblem problem);
std::string field_message(const json::FieldError& error);

}  // namespace tender::api::collect
