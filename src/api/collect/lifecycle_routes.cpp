#include "api/collect/lifecycle_routes.hpp"

#include <boost/json.hpp>

#include "api/collect/collect_errors.hpp"
#include "api/collect/collect_http.hpp"
#include "api/collect/lifecycle_fields.hpp"
#include "api/collect/refund_json.hpp"
#include "api/schema/table_reader.hpp"
#include "engine/errors.hpp"
#include "engine/recurring_tokens.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;

namespace {

bj::object token_json(const engine::ClientRecurringToken& t) {
  return bj::object{{"id", t.id},
                    {"type", "client_recurring_token"},
                    {"created_on", t.created_on},
                    {"updated_on", t.created_on},
                    {"client_id", t.client_id},
                    {"recurring_token", t.id},
                    {"payment_method", t.payment_method},
                    {"description", t.masked_pan},
                    {"card", bj::object{{"masked_pan", t.masked_pan},
                                        {"expiry_month", t.expiry_month},
                                        {"expiry_year", t.expiry_year},
                                        {"brand", t.payment_method}}}};
}

// Capture and refund: an optional `amount` (kAmountFields).
Response with_amount(Request& req, const std::function<Response(std::optional<std::int64_t>)>& f) {
  Response error;
  auto body = object_body(req, error, true);
  if (!body) return error;
  json::FieldErrors errors;
  auto amount = schema::TableReader(kAmountFields, &*body, "", errors).integer("amount");
  if (!errors.empty()) return validation_error(errors);
  return f(amount);
}

Response refund(LifecycleContext& ctx, Request& req, const RouteParams& p, const engine::Caller& c) {
  return with_amount(req, [&](std::optional<std::int64_t> amount) {
    std::string refund_id;
    auto purchase = ctx.lifecycle.refund(c, p["id"], amount, &refund_id);
    if (auto r = ctx.lifecycle.refund_of(purchase, refund_id)) return ok_json(200, refund_json(*r));
    return ok_json(200, purchase_json(purchase, ctx.links));  // still pending_refund
  });
}

Response charge(LifecycleContext& ctx, Request& req, const RouteParams& p, const engine::Caller& c) {
  Response error;
  auto body = object_body(req, error, false);
  if (!body) return error;
  json::FieldErrors errors;
  auto token = schema::TableReader(kChargeFields, &*body, "", errors).string("recurring_token");
  if (!errors.empty()) return validation_error(errors);
  return ok_json(200, purchase_json(ctx.lifecycle.charge(c, p["id"], *token), ctx.links));
}

}  // namespace

void add_lifecycle_routes(http::Router& router, LifecycleContext& ctx, const DialectRoute& authed) {
  const std::string v1 = "/api/v1";
  // Capture, release, refund and charge wait only where a fiber suspends (http::Wait::suspends).
  router.add("POST", v1 + "/purchases/{id}/capture/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return with_amount(req, [&](std::optional<std::int64_t> amount) {
                 return ok_json(200, purchase_json(ctx.lifecycle.capture(c, p["id"], amount), ctx.links));
               });
             }), http::Wait::suspends);
  router.add("POST", v1 + "/purchases/{id}/release/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               if (!object_body(req, error, true)) return error;
               return ok_json(200, purchase_json(ctx.lifecycle.release(c, p["id"]), ctx.links));
             }), http::Wait::suspends);
  router.add("POST", v1 + "/purchases/{id}/refund/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return refund(ctx, req, p, c);
             }), http::Wait::suspends);
  router.add("POST", v1 + "/purchases/{id}/charge/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return charge(ctx, req, p, c);
             }), http::Wait::suspends);
  router.add("POST", v1 + "/purchases/{id}/delete_recurring_token/",
             authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               if (!object_body(req, error, true)) return error;
               return ok_json(200, purchase_json(ctx.lifecycle.delete_recurring_token(c, p["id"]), ctx.links));
             }));
  // chip-php-sdk resendInvoice() sends no body.
  router.add("POST", v1 + "/purchases/{id}/resend_invoice/",
             authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               if (!object_body(req, error, true)) return error;
               return ok_json(200, purchase_json(ctx.lifecycle.resend_invoice(c, p["id"]), ctx.links));
             }));
  router.add("POST", v1 + "/purchases/{id}/mark_as_paid/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               auto body = object_body(req, error, true);
               if (!body) return error;
               json::FieldErrors errors;
               auto paid_on = schema::TableReader(kMarkAsPaidFields, &*body, "", errors).integer("paid_on");
               if (!errors.empty()) return validation_error(errors);
               return ok_json(200, purchase_json(ctx.lifecycle.mark_as_paid(c, p["id"], paid_on), ctx.links));
             }));
  router.add("GET", v1 + "/purchases/{id}/refunds/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               bj::array items;
               for (const auto& r : ctx.lifecycle.refunds_of(c, p["id"])) items.push_back(refund_json(r));
               return ok_json(200, bj::object{{"results", std::move(items)}, {"next", nullptr}, {"previous", nullptr}});
             }));
  router.add("GET", v1 + "/clients/{id}/recurring_tokens/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               bj::array items;
               for (const auto& t : ctx.lifecycle.client_recurring_tokens(c, p["id"])) items.push_back(token_json(t));
               return ok_json(200, bj::object{{"results", std::move(items)}, {"next", nullptr}, {"previous", nullptr}});
             }));
  router.add("GET", v1 + "/clients/{id}/recurring_tokens/{token}/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return ok_json(200, token_json(ctx.lifecycle.client_recurring_token(c, p["id"], p["token"])));
             }));
  router.add("DELETE", v1 + "/clients/{id}/recurring_tokens/{token}/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               ctx.lifecycle.delete_client_recurring_token(c, p["id"], p["token"]);
               return Response{204, "application/json", "", {}};
             }));
  // Test mode: rehearse what the network or invoicing would do (send, clear, settle, chargeback).
  router.add("POST", v1 + "/test/purchases/{id}/{event}/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               if (!object_body(req, error, true)) return error;
               if (!c.is_test) return request_error(403, "test_mode_only", "Simulations need a test API key.");
               return ok_json(200, purchase_json(ctx.simulations.simulate(c, p["id"], p["event"]), ctx.links));
             }));
}

}  // namespace tender::api::collect
