#include "api/orders/orders_routes.hpp"

#include <boost/json.hpp>

#include "api/checkout/challenge_link.hpp"
#include "api/orders/order_json.hpp"
#include "api/orders/order_request.hpp"
#include "api/object_body.hpp"
#include "engine/errors.hpp"
#include "json/reader.hpp"

namespace tender::api::orders {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;

namespace {

constexpr const char* kFlow = "api";

std::optional<bj::object> object_body(const Request& req, Response& error, bool allow_empty) {
  auto body = read_object_body(req.body, allow_empty ? EmptyBody::blank_is_object : EmptyBody::refused);
  if (!body.object) error = body_error_response(body.problem);
  return std::move(body.object);
}

// An order waiting for its payer at the 3-D Secure page shows where to send the payer.
Response order_response(OrdersContext& ctx, int status, const engine::Purchase& p) {
  std::optional<std::string> transaction_url;
  if (auto challenge = ctx.payments.awaited_challenge(p))
    transaction_url = challenge->expired ? "" : checkout::challenge_url(ctx.public_url, p.id, challenge->id);
  return json_response(status, order_json(p, ctx.lifecycle.refunds_of(p), transaction_url));
}

Response create_order(OrdersContext& ctx, Request& req, const engine::Caller& caller, bool capture) {
  Response error;
  auto body = object_body(req, error, false);
  if (!body) return error;
  json::FieldErrors errors;
  auto order = read_order(*body, errors);
  if (!order) return validation_response(errors);
  auto default_brand = ctx.accounts.default_brand(caller.company_id);
  auto brand = default_brand ? std::optional<std::string>(default_brand->id) : std::nullopt;
  if (!brand) return message_response(422, "This API key's company has no merchant (brand) to take payments.");
  order->purchase.brand_id = *brand;
  order->purchase.skip_capture = !capture;

  // 3-D Secure done by the merchant arrives in source.auth (a wallet's in its ECI). Otherwise an
  // enrolled card waits for the payer at the 3-D Secure page, and the 201 order says where.
  auto r = ctx.payments.pay_now(
      caller, engine::PayNow{std::move(order->purchase),
                             engine::CardPayment{order->card, order->remember_card, kFlow, order->client_ip,
                                                 order->three_ds_result, order->wallet_cryptogram},
                             true, ""});
  if (r.outcome == engine::PayOutcome::challenge)
    return json_response(201, order_json(r.purchase, {}, checkout::challenge_url(ctx.public_url, r.purchase.id, r.challenge_id)));
  return order_response(ctx, 201, r.purchase);
}

// capture and refund: {"amount"} optional.
std::optional<std::optional<std::int64_t>> amount_of(const Request& req, Response& error) {
  auto body = object_body(req, error, true);
  if (!body) return std::nullopt;
  json::FieldErrors errors;
  auto amount = read_amount_body(*body, errors);
  if (!errors.empty()) {
    error = validation_response(errors);
    return std::nullopt;
  }
  return amount;
}

}  // namespace

void add_orders_routes(http::Router& router, OrdersContext& ctx, const DialectRoute& authed) {
  // The payment and its follow-ups wait only where a fiber suspends (http::Wait::suspends).
  router.add("POST", "/v1/orders/purchase", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return create_order(ctx, req, c, true);
             }), http::Wait::suspends);
  router.add("POST", "/v1/orders/authorize", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return create_order(ctx, req, c, false);
             }), http::Wait::suspends);
  router.add("GET", "/v1/orders/{id}", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return order_response(ctx, 200, ctx.purchases.get(c, p["id"]));
             }));
  router.add("POST", "/v1/orders/{id}/capture", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               auto amount = amount_of(req, error);
               if (!amount) return error;
               return order_response(ctx, 200, ctx.lifecycle.capture(c, p["id"], *amount));
             }), http::Wait::suspends);
  router.add("POST", "/v1/orders/{id}/void", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               auto body = object_body(req, error, true);
               if (!body) return error;
               json::FieldErrors errors;
               json::ObjectReader(&*body, "", errors).reject_unknown({});
               if (!errors.empty()) return validation_response(errors);
               return order_response(ctx, 200, ctx.lifecycle.release(c, p["id"]));
             }), http::Wait::suspends);
  router.add("POST", "/v1/orders/{id}/refund", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               auto amount = amount_of(req, error);
               if (!amount) return error;
               return order_response(ctx, 200, ctx.lifecycle.refund(c, p["id"], *amount));
             }), http::Wait::suspends);
}

}  // namespace tender::api::orders
