#pragma once
// The Collect API as a dialect: everything under /api/v1/ that the server-to-server dialect does
// not claim, `Authorization: Bearer <key>`, and the {"__all__": [{"message", "code"}]} error
// shape. It also answers for paths outside every dialect's prefix, as it always has.
#include "api/collect/account_routes.hpp"
#include "api/collect/billing_routes.hpp"
#include "api/collect/collect_routes.hpp"
#include "api/collect/lifecycle_routes.hpp"
#include "api/collect/webhook_routes.hpp"
#include "api/dialect.hpp"
#include "app/idempotency.hpp"

namespace tender::api::collect {

class CollectDialect final : public Dialect {
 public:
  CollectDialect(CollectContext collect, LifecycleContext lifecycle, WebhookContext webhooks, BillingContext billing,
                 AccountContext account, const app::Idempotency& idempotency);

  std::string_view name() const override { return "collect"; }
  std::vector<std::string> prefixes() const override;
  void add_routes(http::Router& router) override;

  Authentication authenticate(const http::Request& request) const override;
  http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const override;
  http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const override;
  http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const override;
  http::Response not_found(const http::Request& request) const override;
  http::Response method_not_allowed(const http::Request& request) const override;

 private:
  CollectContext collect_;
  LifecycleContext lifecycle_;
  WebhookContext webhooks_;
  BillingContext billing_;
  AccountContext account_;
  const app::Idempotency& idempotency_;
};

}  // namespace tender::api::collect
