#pragma once
// The payer's pages as a dialect: /p/, HTML answers. The pages are public (the purchase id in the
// URL is the capability), so no route of this dialect asks who calls; its refusals are pages.
#include "api/checkout/checkout_routes.hpp"
#include "api/dialect.hpp"

namespace tender::api::checkout {

class CheckoutDialect final : public Dialect {
 public:
  explicit CheckoutDialect(CheckoutContext context) : context_(context) {}

  std::string_view name() const override { return "checkout"; }
  std::vector<std::string> prefixes() const override { return {"/p/"}; }
  void add_routes(http::Router& router) override { add_checkout_routes(router, context_); }

  Authentication authenticate(const http::Request& request) const override;
  http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const override;
  http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const override;
  http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const override;
  http::Response not_found(const http::Request& request) const override;
  http::Response method_not_allowed(const http::Request& request) const override;

 private:
  CheckoutContext context_;
};

}  // namespace tender::api::checkout
