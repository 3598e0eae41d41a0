#pragma once
// The server-to-server Purchase API's answers: the 201 body in the seed's shape (rendered from the
// purchase alone, so the same purchase renders the same way later), and its errors, each with
// `success: false`, an HTTP status and a `gateway_response` of type ERROR carrying a stable code.
// The table of codes is docs/api-s2s.md.
#include <optional>
#include <string>

#include "api/dialect.hpp"
#include "app/idempotency.hpp"
#include "engine/errors.hpp"
#include "engine/purchase.hpp"
#include "http/message.hpp"
#include "json/field_errors.hpp"
#include "store/store.hpp"

namespace tender::api::s2s {

// gateway_response of a successful (or in-progress) answer.
struct GatewayInfo {
  int http_status = 201;
  std::string type = "INFO";  // INFO or ERROR
  std::string code = "INFO0000";
  std::string message = "Payment Successful.";
};

inline constexpr const char* kPaymentSuccessful = "INFO0000";
inline constexpr const char* kChallengeRequired = "INFO0001";  // 202: send the payer to redirect_url
inline constexpr const char* kPaymentPending = "INFO0002";     // 202: the acquirer has not answered yet

// Request errors (no purchase involved).
inline constexpr const char* kMissingCredentials = "ERROR1001";  // 401
inline constexpr const char* kInvalidCredentials = "ERROR1002";  // 401
inline constexpr const char* kForeignMerchant = "ERROR1003";     // 403
inline constexpr const char* kMalformedBody = "ERROR2000";       // 400
inline constexpr const char* kReturnUrlRequired = "ERROR2009";   // 400
inline constexpr const char* kBodyTooLarge = "ERROR2010";        // 413
inline constexpr const char* kInProgress = "ERROR4001";          // 409
inline constexpr const char* kRefused = "ERROR4002";             // 400: an engine rule refused the payment
inline constexpr const char* kUnavailable = "ERROR4003";         // 503
inline constexpr const char* kNotFound = "ERROR4004";            // 404
inline constexpr const char* kIdempotencyKeyInvalid = "ERROR4005";   // 400
inline constexpr const char* kIdempotencyKeyReused = "ERROR4006";    // 400: same key, another request
inline constexpr const char* kIdempotencyUnknown = "ERROR4007";      // 409: first request interrupted
inline constexpr const char* kMethodNotAllowed = "ERROR4008";        // 405

// The stable code of a field error (ERROR2001..ERROR2008), by kind.
std::string validation_code(const json::FieldError& error);
std::string validation_message(const json::FieldError& error);
// The stable code of a declined payment (ERROR3001..ERROR3099), from the engine's error code.
std::string decline_code(const std::string& engine_error_code);

// The purchase in the seed's 201 shape, with `gateway_response` set from `info`; `redirect_url`
// is added for a 3-D Secure challenge.
http::Response payment_response(const engine::Purchase& purchase, const GatewayInfo& info,
                                const std::optional<std::string>& redirect_url = std::nullopt);
// A declined payment: 402, the purchase's shape, gateway_response ERROR with the decline's code.
http::Response decline_response(const engine::Purchase& purchase, const std::string& engine_error_code,
                                const std::string& message);

// The purchase in this dialect's shape as its state is now (paid, declined or in progress): the
// body a webhook_url delivery of a server-to-server purchase should carry.
std::string callback_body(const engine::Purchase& purchase);
// The same for an outbox event's purchase snapshot; nullopt when the purchase was not created by
// this dialect (then the Collect rendering applies), or the payload is not a purchase.
std::optional<std::string> callback_body(const store::OutboxEvent& event);

http::Response error_response(int status, const std::string& code, const std::string& message, bool is_live);
// 400, first error in gateway_response, all in `errors` [{field, code, message}].
http::Response validation_response(const json::FieldErrors& errors, bool is_live, const std::string& code = {});
http::Response engine_error_response(const engine::EngineError& error, bool is_live);
http::Response idempotency_error_response(const app::IdempotencyError& error, bool is_live);
// ERROR2000 (400) for a body that is not a JSON object, ERROR2010 (413) for one over the limit.
http::Response body_error_response(api::BodyProblem problem, bool is_live);

}  // namespace tender::api::s2s
