#include "api/checkout/checkout_dialect.hpp"

#include "api/checkout/pages.hpp"

namespace tender::api::checkout {

// No page needs a caller; a route that asked would find no one (a payer has no API key).
Authentication CheckoutDialect::authenticate(const http::Request& request) const { return {std::nullopt, not_found(request)}; }

http::Response CheckoutDialect::engine_error(const engine::EngineError& error, const engine::Caller&) const {
  if (error.kind() == engine::ErrorKind::not_found) return not_found_page();
  const int status = error.kind() == engine::ErrorKind::unavailable ? 503 : 400;
  return message_page(status, "Payment not possible", "Payment not possible", error.what());
}

http::Response CheckoutDialect::idempotency_error(const app::IdempotencyError& error, const engine::Caller&) const {
  return message_page(error.status, "Request refused", "Request refused", error.message);
}

http::Response CheckoutDialect::bad_body(BodyProblem problem, const engine::Caller*) const {
  if (problem == BodyProblem::too_large)
    return message_page(413, "Form too large", "Form too large", "The form sent is larger than the limit.");
  return message_page(400, "Bad request", "Bad request", "The form sent could not be read.");
}

http::Response CheckoutDialect::not_found(const http::Request&) const { return not_found_page(); }

http::Response CheckoutDialect::method_not_allowed(const http::Request&) const {
  return message_page(405, "Method not allowed", "Method not allowed", "This page cannot be used that way.");
}

}  // namespace tender::api::checkout
