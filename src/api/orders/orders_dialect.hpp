#pragma once
// The Orders API as a dialect: /v1/orders/, `Authorization` with the key (Basic or Bearer), the
// seed's {"message": ...} error shape (api/orders/order_json.hpp), and an order's given_id as its
// idempotency key when no Idempotency-Key header is sent.
#include "api/dialect.hpp"
#include "api/orders/orders_routes.hpp"
#include "app/idempotency.hpp"

namespace tender::api::orders {

class OrdersDialect final : public Dialect {
 public:
  OrdersDialect(OrdersContext context, const app::Idempotency& idempotency)
      : context_(context), idempotency_(idempotency) {}

  std::string_view name() const override { return "orders"; }
  std::vector<std::string> prefixes() const override { return {kBasePath}; }
  void add_routes(http::Router& router) override;

  Authentication authenticate(const http::Request& request) const override;
  std::optional<std::string> implicit_idempotency_key(const http::Request& request) const override;
  http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const override;
  http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const override;
  http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const override;
  http::Response not_found(const http::Request& request) const override;
  http::Response method_not_allowed(const http::Request& request) const override;

 private:
  OrdersContext context_;
  const app::Idempotency& idempotency_;
};

}  // namespace tender::api::orders
