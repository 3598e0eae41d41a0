#include "api/orders/orders_dialect.hpp"

#include <boost/algorithm/string/trim.hpp>

#include "api/credentials.hpp"
#include "api/dialect_route.hpp"
#include "api/orders/order_json.hpp"
#include "engine/ids.hpp"
#include "json/reader.hpp"

namespace tender::api::orders {

void OrdersDialect::add_routes(http::Router& router) {
  add_orders_routes(router, context_, DialectRoute(*this, &idempotency_));
}

// 401 without credentials, 403 with wrong ones, as the seed answers.
Authentication OrdersDialect::authenticate(const http::Request& req) const {
  auto header = req.header("Authorization");
  if (!header || boost::algorithm::trim_copy(*header).empty())
    return {std::nullopt, message_response(401, kMissingAuthentication)};
  auto key = api::key_from_authorization(context_.accounts, *header, true);
  if (!key) return {std::nullopt, message_response(403, kUnauthorized)};
  return {engine::Caller{key->company_id, !key->live, req.remote_ip}, {}};
}

// The provider documents an order's given_id as its idempotency key.
std::optional<std::string> OrdersDialect::implicit_idempotency_key(const http::Request& req) const {
  auto body = json::parse_body(req.body);
  const auto* given = body && body->is_object() ? body->get_object().if_contains("given_id") : nullptr;
  if (!given || !given->is_string() || !engine::is_uuid(std::string(given->get_string()))) return std::nullopt;
  return "orders-given-id:" + std::string(given->get_string());
}

http::Response OrdersDialect::engine_error(const engine::EngineError& error, const engine::Caller&) const {
  return engine_error_response(error);
}

http::Response OrdersDialect::idempotency_error(const app::IdempotencyError& error, const engine::Caller&) const {
  return app::plain_idempotency_error(error);  // {"message"}: already this dialect's shape
}

http::Response OrdersDialect::bad_body(BodyProblem problem, const engine::Caller*) const {
  return body_error_response(problem);
}

http::Response OrdersDialect::not_found(const http::Request&) const { return message_response(404, "Not Found"); }

http::Response OrdersDialect::method_not_allowed(const http::Request&) const {
  return message_response(405, "Method Not Allowed");
}

}  // namespace tender::api::orders
