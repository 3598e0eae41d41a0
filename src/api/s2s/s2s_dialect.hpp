#pragma once
// The server-to-server Purchase API as a dialect: its payment routes under
// /api/v1/server-to-server-interface/ (and the v2 seed's doubled /api/v1/api/v1/ prefix), both
// `Authorization` and `x-api-key` naming one key, and its {success: false, gateway_response}
// error shape (api/s2s/s2s_response.hpp).
#include "api/dialect.hpp"
#include "api/s2s/s2s_routes.hpp"
#include "app/idempotency.hpp"

namespace tender::api::s2s {

class S2sDialect final : public Dialect {
 public:
  S2sDialect(S2sContext context, const app::Idempotency& idempotency) : context_(context), idempotency_(idempotency) {}

  std::string_view name() const override { return "server_to_server"; }
  std::vector<std::string> prefixes() const override { return {kBasePath, kDoubledBasePath}; }
  void add_routes(http::Router& router) override;

  Authentication authenticate(const http::Request& request) const override;
  http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const override;
  http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const override;
  http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const override;
  http::Response not_found(const http::Request& request) const override;
  http::Response method_not_allowed(const http::Request& request) const override;

 private:
  S2sContext context_;
  const app::Idempotency& idempotency_;
};

}  // namespace tender::api::s2s
