#include "api/collect/collect_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "api/collect/client_details.hpp"
#include "api/collect/collect_http.hpp"
#include "api/collect/collect_errors.hpp"
#include "api/collect/purchase_request.hpp"
#include "engine/payment_methods.hpp"
#include "json/reader.hpp"
#include "money/currency.hpp"
#include "webhooks/address_policy.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;

namespace {

bj::object client_json(const engine::Client& c) {
  bj::object o = c.details;
  o["id"] = c.id;
  o["type"] = "client";
  o["created_on"] = c.created_on;
  o["updated_on"] = c.updated_on;
  o["is_test"] = c.is_test;
  return o;
}

Response create_purchase(CollectContext& ctx, Request& req, const engine::Caller& caller) {
  Response error;
  auto body = object_body(req, error, false);
  if (!body) return error;
  json::FieldErrors errors;
  auto command = read_new_purchase(*body, errors);
  if (!command) return validation_error(errors);
  // A live success callback may not be aimed at this server's own network (docs/webhooks.md).
  if (auto why = webhooks::refused_url_reason(webhooks::address_policy_from_env(), command->success_callback, caller.is_test);
      !why.empty()) {
    errors.add("success_callback", json::ErrorCode::invalid, why);
    return validation_error(errors);
  }
  auto p = ctx.purchases.create(caller, std::move(*command));
  return ok_json(201, purchase_json(p, ctx.links));
}

Response list_purchases(CollectContext& ctx, Request& req, const engine::Caller& caller) {
  json::FieldErrors errors;
  engine::PurchaseFilter f;
  auto page = read_page(req, errors);
  f.limit = page.limit;
  f.after_created_on = page.after_created_on;
  f.after_id = page.after_id;
  for (const auto& s : req.query_params("status")) {
    std::size_t start = 0;
    while (start <= s.size()) {
      auto comma = s.find(',', start);
      auto one = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!engine::status_from_string(one)) errors.add("status", json::ErrorCode::invalid_choice, "a purchase status");
      else f.statuses.push_back(one);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (const char* bound : {"created_from", "created_to"}) {
    if (auto v = req.query_param(bound)) {
      auto n = parse_int(*v);
      if (!n) errors.add(bound, json::ErrorCode::invalid, "Unix timestamp (seconds) expected.");
      else (std::string(bound) == "created_from" ? f.created_from : f.created_to) = *n;
    }
  }
  if (!errors.empty()) return validation_error(errors);
  auto result = ctx.purchases.list(caller, f);
  bj::array items;
  for (const auto& p : result.items) items.push_back(purchase_json(p, ctx.links));
  const auto* last = result.items.empty() ? nullptr : &result.items.back();
  return ok_json(200, page_json(std::move(items), result.has_more, last ? last->created_on : 0, last ? last->id : "",
                                ctx.links, "/api/v1/purchases/", req));
}

Response payment_methods(CollectContext& ctx, Request& req, const engine::Caller& caller) {
  json::FieldErrors errors;
  auto brand_id = req.query_param("brand_id");
  auto currency = req.query_param("currency");
  if (currency) std::transform(currency->begin(), currency->end(), currency->begin(), ::toupper);  // PrestaShop: "myr"
  if (!brand_id) errors.add("brand_id", json::ErrorCode::required);
  else if (!ctx.accounts.brand(caller.company_id, *brand_id)) errors.add("brand_id", json::ErrorCode::invalid, "No brand with this ID.");
  if (!currency) errors.add("currency", json::ErrorCode::required);
  else if (!money::find_currency(*currency)) errors.add("currency", json::ErrorCode::invalid, "Unknown ISO 4217 currency code.");
  engine::MethodRequirements needs;
  for (auto [name, flag] : {std::pair{"skip_capture", &needs.skip_capture}, std::pair{"preauthorization", &needs.preauthorization},
                            std::pair{"recurring", &needs.recurring}}) {
    if (auto v = req.query_param(name)) {
      if (*v == "true" || *v == "1") *flag = true;
      else if (*v != "false" && *v != "0") errors.add(name, json::ErrorCode::invalid, "Must be true or false.");
    }
  }
  if (!errors.empty()) return validation_error(errors);
  bj::array available, card_methods;
  bj::object names;
  for (const auto* m : engine::available_methods(needs, {})) {
    available.push_back(bj::string(m->name));
    if (m->card) card_methods.push_back(bj::string(m->name));
    names[m->name] = m->title;
  }
  bj::array any = available;
  return ok_json(200, bj::object{{"available_payment_methods", std::move(available)},
                                 {"names", std::move(names)},
                                 {"card_methods", std::move(card_methods)},
                                 {"by_country", bj::object{{"any", std::move(any)}}},
                                 {"country_names", bj::object{{"any", "Other"}}}});
}

Response save_client(CollectContext& ctx, Request& req, const engine::Caller& caller, const std::string* id, bool merge) {
  Response error;
  auto body = object_body(req, error, false);
  if (!body) return error;
  json::FieldErrors errors;
  auto details = read_client_details(&*body, "", errors, !merge);
  if (!errors.empty()) return validation_error(errors);
  if (!id) return ok_json(201, client_json(ctx.clients.create(caller, std::move(details))));
  return ok_json(200, client_json(ctx.clients.update(caller, *id, std::move(details), merge)));
}

}  // namespace

void add_collect_routes(http::Router& router, CollectContext& ctx, const DialectRoute& authed) {
  const std::string v1 = "/api/v1";
  // Creating and cancelling wait only where a fiber suspends (http::Wait::suspends).
  router.add("POST", v1 + "/purchases/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return create_purchase(ctx, req, c);
             }), http::Wait::suspends);
  router.add("GET", v1 + "/purchases/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return list_purchases(ctx, req, c);
             }));
  // The call clients poll: a snapshot read, answered on the I/O thread (http::Wait::never).
  router.add("GET", v1 + "/purchases/{id}/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return ok_json(200, purchase_json(ctx.purchases.get(c, p["id"]), ctx.links));
             }), http::Wait::never);
  router.add("POST", v1 + "/purchases/{id}/cancel/",
             authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               if (!object_body(req, error, true)) return error;
               return ok_json(200, purchase_json(ctx.purchases.cancel(c, p["id"]), ctx.links));
             }), http::Wait::suspends);
  router.add("GET", v1 + "/payment_methods/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return payment_methods(ctx, req, c);
             }));
  router.add("GET", v1 + "/public_key/", authed([&ctx](Request&, const RouteParams&, const engine::Caller& c) {
               auto company = ctx.accounts.company(c.company_id);
               if (!company) return not_found_response();
               return json_response(200, bj::serialize(bj::value(company->public_key_pem)));
             }));
  router.add("POST", v1 + "/clients/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return save_client(ctx, req, c, nullptr, false);
             }));
  router.add("GET", v1 + "/clients/", authed([&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               json::FieldErrors errors;
               auto page = read_page(req, errors);
               if (!errors.empty()) return validation_error(errors);
               // ?q=<e-mail> (WHMCS and OpenCart look their customer up this way and take the first
               // result): the clients with exactly that e-mail; never every client.
               auto result = ctx.clients.list(c, page.after_created_on, page.after_id, page.limit, req.query_param("q"));
               bj::array items;
               for (const auto& cl : result.items) items.push_back(client_json(cl));
               const auto* last = result.items.empty() ? nullptr : &result.items.back();
               return ok_json(200, page_json(std::move(items), result.has_more, last ? last->created_on : 0,
                                             last ? last->id : "", ctx.links, "/api/v1/clients/", req));
             }));
  router.add("GET", v1 + "/clients/{id}/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return ok_json(200, client_json(ctx.clients.get(c, p["id"])));
             }));
  router.add("PUT", v1 + "/clients/{id}/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return save_client(ctx, req, c, &p["id"], false);
             }));
  router.add("PATCH", v1 + "/clients/{id}/", authed([&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return save_client(ctx, req, c, &p["id"], true);
             }));
  router.add("DELETE", v1 + "/clients/{id}/", authed([&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               ctx.clients.remove(c, p["id"]);
               return Response{204, "application/json", "", {}};
             }));
}

}  // namespace tender::api::collect
