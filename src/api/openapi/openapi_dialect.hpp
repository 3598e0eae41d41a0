#pragma once
// The API documents as a dialect: /openapi/, public (no key: the documents hold nothing of any
// company), each dialect's OpenAPI 3.1 document as JSON and one readable reference page.
#include <string>

#include "api/dialect.hpp"

namespace tender::api::openapi {

class OpenApiDialect final : public Dialect {
 public:
  explicit OpenApiDialect(std::string public_url) : public_url_(std::move(public_url)) {}

  std::string_view name() const override { return "openapi"; }
  std::vector<std::string> prefixes() const override { return {"/openapi/"}; }
  void add_routes(http::Router& router) override;

  Authentication authenticate(const http::Request& request) const override;
  http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const override;
  http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const override;
  http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const override;
  http::Response not_found(const http::Request& request) const override;
  http::Response method_not_allowed(const http::Request& request) const override;

 private:
  std::string public_url_;
};

}  // namespace tender::api::openapi
