#include "api/portal/portal_dialect.hpp"

#include "api/portal/portal_page.hpp"
#include "api/portal/portal_routes.hpp"

namespace tender::api::portal_pages {

void PortalDialect::add_routes(http::Router& router) {
  add_login_routes(router, ctx_);
  add_purchase_routes(router, ctx_);
  add_create_routes(router, ctx_);
  add_money_routes(router, ctx_);
  add_developer_routes(router, ctx_);
  add_team_routes(router, ctx_);
}

// Portal routes authenticate through portal_request.hpp (a session, not an API key); nothing
// reaches the API-key wrapper.
Authentication PortalDialect::authenticate(const http::Request& request) const { return {std::nullopt, not_found(request)}; }

http::Response PortalDialect::engine_error(const engine::EngineError& error, const engine::Caller&) const {
  return error_page(error.kind() == engine::ErrorKind::not_found ? 404 : 400, "Not done", error.what(), nullptr);
}

http::Response PortalDialect::idempotency_error(const app::IdempotencyError& error, const engine::Caller&) const {
  return error_page(error.status, "Not done", error.message, nullptr);
}

http::Response PortalDialect::bad_body(BodyProblem problem, const engine::Caller*) const {
  if (problem == BodyProblem::too_large) return error_page(413, "Form too large", "The form sent is larger than the limit.", nullptr);
  return error_page(400, "Bad form", "The form sent could not be read.", nullptr);
}

http::Response PortalDialect::not_found(const http::Request&) const {
  return error_page(404, "Not found", "There is no such page in the portal.", nullptr);
}

http::Response PortalDialect::method_not_allowed(const http::Request&) const {
  return error_page(405, "Not allowed", "This page cannot be used that way.", nullptr);
}

}  // namespace tender::api::portal_pages
