#pragma once
// The merchant portal (/portal/): server-rendered pages for a company's users, signed in with an
// email and a password. A dialect like the APIs, but its caller is a person with a session cookie
// (api/portal/portal_request.hpp) and its refusals are HTML pages.
#include "api/dialect.hpp"
#include "api/portal/portal_context.hpp"

namespace tender::api::portal_pages {

class PortalDialect : public Dialect {
 public:
  explicit PortalDialect(PortalContext context) : ctx_(std::move(context)) {}

  std::string_view name() const override { return "portal"; }
  std::vector<std::string> prefixes() const override { return {"/portal/"}; }
  void add_routes(http::Router& router) override;
  Authentication authenticate(const http::Request& request) const override;
  http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const override;
  http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const override;
  http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const override;
  http::Response not_found(const http::Request& request) const override;
  http::Response method_not_allowed(const http::Request& request) const override;

 private:
  PortalContext ctx_;
};

}  // namespace tender::api::portal_pages
