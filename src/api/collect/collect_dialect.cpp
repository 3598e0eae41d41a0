#include "api/collect/collect_dialect.hpp"

#include "api/collect/collect_errors.hpp"
#include "api/collect/company_statements.hpp"
#include "api/collect/collect_http.hpp"
#include "api/dialect_route.hpp"

namespace tender::api::collect {

CollectDialect::CollectDialect(CollectContext collect, LifecycleContext lifecycle, WebhookContext webhooks,
                               BillingContext billing, AccountContext account, const app::Idempotency& idempotency)
    : collect_(collect),
      lifecycle_(lifecycle),
      webhooks_(webhooks),
      billing_(billing),
      account_(account),
      idempotency_(idempotency) {}

std::vector<std::string> CollectDialect::prefixes() const {
  // "/": a path outside every dialect's prefix (/, /api/v2/, /healthz with POST) keeps the
  // Collect answers it had before dialects had prefixes.
  return {"/api/v1/", "/"};
}

void CollectDialect::add_routes(http::Router& router) {
  const DialectRoute authed(*this, &idempotency_);
  add_webhook_routes(router, webhooks_, authed);
  add_collect_routes(router, collect_, authed);
  add_lifecycle_routes(router, lifecycle_, authed);
  add_billing_routes(router, billing_, authed);
  add_account_routes(router, account_, authed);
  add_company_statement_routes(router, account_, authed);
}

Authentication CollectDialect::authenticate(const http::Request& request) const {
  if (auto caller = bearer_caller(request, collect_.accounts)) return {caller, {}};
  return {std::nullopt,
          request_error(401, "authentication_failed",
                        "Authentication credentials were not provided or are invalid. Use 'Authorization: Bearer <key>'.")};
}

http::Response CollectDialect::engine_error(const engine::EngineError& error, const engine::Caller&) const {
  return collect::engine_error(error);
}

http::Response CollectDialect::idempotency_error(const app::IdempotencyError& error, const engine::Caller&) const {
  return collect::idempotency_error(error);
}

http::Response CollectDialect::bad_body(BodyProblem problem, const engine::Caller*) const { return body_error(problem); }

http::Response CollectDialect::not_found(const http::Request&) const {
  return request_error(404, "not_found", "No such endpoint.");
}

http::Response CollectDialect::method_not_allowed(const http::Request& request) const {
  return request_error(405, "method_not_allowed", "Method " + request.method + " is not allowed here.");
}

}  // namespace tender::api::collect
