#include "api/collect/collect_routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/collect/client_details.hpp"
#include "api/collect/collect_errors.hpp"
#include "api/collect/purchase_request.hpp"
#include "engine/payment_methods.hpp"
#include "json/reader.hpp"
#include "money/currency.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;

std::optional<engine::Caller> bearer_caller(const Request& request, engine::Accounts& accounts) {
  auto auth = request.header("Authorization");
  if (!auth || auth->size() < 8 || auth->compare(0, 7, "Bearer ") != 0) return std::nullopt;
  auto key = accounts.authenticate(auth->substr(7));
  if (!key) return std::nullopt;
  return engine::Caller{key->company_id, !key->live, request.remote_ip};
}

namespace {

using Authed = std::function<Response(Request&, const RouteParams&, const engine::Caller&)>;

Response unauthorized() {
  return request_error(401, "authentication_failed",
                       "Authentication credentials were not provided or are invalid. Use 'Authorization: Bearer <key>'.");
}

// Wraps a handler with authentication and the engine-error mapping, so each handler is only
// about its own request.
http::RouteHandler authed(CollectContext& ctx, Authed handler) {
  return [&ctx, handler = std::move(handler)](Request& req, const RouteParams& params) -> Response {
    auto caller = bearer_caller(req, ctx.accounts);
    if (!caller) return unauthorized();
    try {
      return handler(req, params, *caller);
    } catch (const engine::EngineError& e) {
      return engine_error(e);
    }
  };
}

// Parses a JSON object body. Action endpoints accept an empty body as `{}`.
std::optional<bj::object> object_body(const Request& req, Response& error, bool allow_empty) {
  if (req.body.empty() && allow_empty) return bj::object{};
  std::string why;
  auto v = json::parse_body(req.body, &why);
  if (!v) {
    error = request_error(400, "parse_error", "Malformed JSON in request body.");
    return std::nullopt;
  }
  if (!v->is_object()) {
    error = request_error(400, "parse_error", "The request body must be a JSON object.");
    return std::nullopt;
  }
  return std::move(v->get_object());
}

Response ok_json(int status, const bj::object& o) { return json_response(status, bj::serialize(o)); }

std::optional<std::int64_t> parse_int(const std::string& s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Cursor for keyset pagination: "<created_on>_<id>", opaque to clients.
struct Cursor {
  std::int64_t created_on;
  std::string id;
};
std::optional<Cursor> parse_cursor(const std::string& text) {
  auto sep = text.find('_');
  if (sep == std::string::npos) return std::nullopt;
  auto t = parse_int(text.substr(0, sep));
  if (!t || text.size() - sep - 1 != 36) return std::nullopt;
  return Cursor{*t, text.substr(sep + 1)};
}

struct PageParams {
  std::size_t limit = 25;
  std::optional<Cursor> cursor;
};

// Reads limit and cursor; errors are field errors on the query parameter names.
PageParams read_page(const Request& req, json::FieldErrors& errors) {
  PageParams p;
  if (auto l = req.query_param("limit")) {
    auto n = parse_int(*l);
    if (!n || *n < 1 || *n > 100) errors.add("limit", json::ErrorCode::invalid, "limit must be an integer from 1 to 100.");
    else p.limit = static_cast<std::size_t>(*n);
  }
  if (auto c = req.query_param("cursor")) {
    p.cursor = parse_cursor(*c);
    if (!p.cursor) errors.add("cursor", json::ErrorCode::invalid, "Invalid cursor.");
  }
  return p;
}

std::string next_link(const Links& links, const std::string& path, const Request& req, const std::string& cursor) {
  std::string q;
  for (const auto& [k, v] : req.query) {
    if (k == "cursor") continue;
    q += (q.empty() ? "?" : "&") + k + "=" + v;
  }
  q += (q.empty() ? "?" : "&") + std::string("cursor=") + cursor;
  return links.public_url + path + q;
}

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
  auto p = ctx.purchases.create(caller, std::move(*command));
  return ok_json(201, purchase_json(p, ctx.links));
}

Response list_purchases(CollectContext& ctx, Request& req, const engine::Caller& caller) {
  json::FieldErrors errors;
  engine::PurchaseFilter f;
  auto page = read_page(req, errors);
  f.limit = page.limit;
  if (page.cursor) {
    f.after_created_on = page.cursor->created_on;
    f.after_id = page.cursor->id;
  }
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
  bj::value next = nullptr;
  if (result.has_more) {
    const auto& last = result.items.back();
    next = bj::string(next_link(ctx.links, "/api/v1/purchases/", req, std::to_string(last.created_on) + "_" + last.id));
  }
  return ok_json(200, bj::object{{"results", std::move(items)}, {"next", next}, {"previous", nullptr}});
}

Response payment_methods(CollectContext& ctx, Request& req, const engine::Caller& caller) {
  json::FieldErrors errors;
  auto brand_id = req.query_param("brand_id");
  auto currency = req.query_param("currency");
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

void add_collect_routes(http::Router& router, CollectContext& ctx) {
  const std::string v1 = "/api/v1";
  router.add("POST", v1 + "/purchases/", authed(ctx, [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return create_purchase(ctx, req, c);
             }));
  router.add("GET", v1 + "/purchases/", authed(ctx, [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return list_purchases(ctx, req, c);
             }));
  router.add("GET", v1 + "/purchases/{id}/", authed(ctx, [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return ok_json(200, purchase_json(ctx.purchases.get(c, p["id"]), ctx.links));
             }));
  router.add("POST", v1 + "/purchases/{id}/cancel/",
             authed(ctx, [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               Response error;
               if (!object_body(req, error, true)) return error;
               return ok_json(200, purchase_json(ctx.purchases.cancel(c, p["id"]), ctx.links));
             }));
  router.add("GET", v1 + "/payment_methods/", authed(ctx, [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return payment_methods(ctx, req, c);
             }));
  router.add("GET", v1 + "/public_key/", authed(ctx, [&ctx](Request&, const RouteParams&, const engine::Caller& c) {
               auto company = ctx.accounts.company(c.company_id);
               if (!company) return not_found_response();
               return json_response(200, bj::serialize(bj::value(company->public_key_pem)));
             }));
  router.add("POST", v1 + "/clients/", authed(ctx, [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               return save_client(ctx, req, c, nullptr, false);
             }));
  router.add("GET", v1 + "/clients/", authed(ctx, [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
               json::FieldErrors errors;
               auto page = read_page(req, errors);
               if (!errors.empty()) return validation_error(errors);
               auto result = ctx.clients.list(c, page.cursor ? std::optional(page.cursor->created_on) : std::nullopt,
                                              page.cursor ? std::optional(page.cursor->id) : std::nullopt, page.limit);
               bj::array items;
               for (const auto& cl : result.items) items.push_back(client_json(cl));
               bj::value next = nullptr;
               if (result.has_more) {
                 const auto& last = result.items.back();
                 next = bj::string(next_link(ctx.links, "/api/v1/clients/", req, std::to_string(last.created_on) + "_" + last.id));
               }
               return ok_json(200, bj::object{{"results", std::move(items)}, {"next", next}, {"previous", nullptr}});
             }));
  router.add("GET", v1 + "/clients/{id}/", authed(ctx, [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               return ok_json(200, client_json(ctx.clients.get(c, p["id"])));
             }));
  router.add("PUT", v1 + "/clients/{id}/", authed(ctx, [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return save_client(ctx, req, c, &p["id"], false);
             }));
  router.add("PATCH", v1 + "/clients/{id}/", authed(ctx, [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
               return save_client(ctx, req, c, &p["id"], true);
             }));
  router.add("DELETE", v1 + "/clients/{id}/", authed(ctx, [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
               ctx.clients.remove(c, p["id"]);
               return Response{204, "application/json", "", {}};
             }));
}

}  // namespace tender::api::collect
