#pragma once
// The Orders API's answers (seed 004): the order object, rendered from an engine purchase, and
// the error bodies {"message"} (400, 401, 403, 404, 503) and {"message", "errors"} (422) whose
// error keys are dotted paths and whose messages read like the seed's.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/dialect.hpp"
#include "engine/errors.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/purchase.hpp"
#include "http/message.hpp"
#include "json/field_errors.hpp"

namespace tender::api::orders {

inline constexpr const char* kMissingAuthentication = "Missing authentication information";
inline constexpr const char* kUnauthorized = "Unauthorized";
inline constexpr const char* kStillProcessing = "Initial request is still processing.";
inline constexpr const char* kValidationFailed = "Data validation failed";
inline constexpr const char* kVaultUnavailable = "Tokenization::Errors::SpgVaultError";

// `refunds`: the purchase's refunds, oldest first, to give refund transactions their amounts.
// `transaction_url`: set while the order waits for the payer at the 3-D Secure page: an
// `initiated` transaction, and the page as source.transaction_url. Empty: the page has just
// expired, and the order is declined when its expiry timer fires.
boost::json::object order_json(const engine::Purchase& purchase, const std::vector<engine::Refund>& refunds,
                               const std::optional<std::string>& transaction_url = std::nullopt);

http::Response json_response(int status, const boost::json::value& body);
http::Response message_response(int status, const std::string& message);
std::string field_message(const json::FieldError& error);
http::Response validation_response(const json::FieldErrors& errors);
http::Response engine_error_response(const engine::EngineError& error);
// 400 {"message"} for a body that is not a JSON object, 413 for one over the limit.
http::Response body_error_response(api::BodyProblem problem);

}  // namespace tender::api::orders
