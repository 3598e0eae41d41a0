#include "api/collect/billing_routes.hpp"

#include "api/collect/billing_json.hpp"
#include "api/collect/billing_request.hpp"
#include "api/collect/collect_errors.hpp"
#include "api/collect/collect_http.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;

namespace {

namespace billing = engine::billing;

bj::object render(BillingContext& ctx, const billing::BillingTemplate& t) {
  std::string currency = t.purchase.currency.value_or("");
  if (currency.empty())
    if (auto brand = ctx.accounts.brand(t.company_id, t.brand_id)) currency = brand->default_currency;
  return template_json(t, currency);
}

// Decodes the body with `read` (one of billing_request.hpp's readers); the error response when it fails.
template <class Read>
auto decode(Request& req, Response& error, Read read) -> decltype(read(bj::object{}, std::declval<json::FieldErrors&>())) {
  auto body = object_body(req, error, false);
  if (!body) return std::nullopt;
  json::FieldErrors errors;
  auto out = read(*body, errors);
  if (!out) error = validation_error(errors);
  return out;
}

billing::PageRequest page_request(const PageParams& p) {
  return billing::PageRequest{.after_created_on = p.after_created_on, .after_id = p.after_id, .limit = p.limit};
}

Response save_template(BillingContext& ctx, Request& req, const engine::Caller& caller, const std::string* id) {
  Response error;
  auto body = decode(req, error, [](const bj::object& b, json::FieldErrors& e) { return read_template_body(b, false, e); });
  if (!body) return error;
  if (!id) return ok_json(201, render(ctx, ctx.billing.create_template(caller, std::move(body->template_))));
  return ok_json(200, render(ctx, ctx.billing.replace_template(caller, *id, std::move(body->template_))));
}

Response send_one_off(BillingContext& ctx, Request& req, const engine::Caller& caller) {
  Response error;
  auto body = decode(req, error, [](const bj::object& b, json::FieldErrors& e) { return read_template_body(b, true, e); });
  if (!body) return error;
  // The provider answers with the ids of the purchases it issued, one per client, in order.
  bj::array ids;
  for (const auto& p : ctx.billing.send_invoices(caller, std::move(body->template_), body->recipients))
    ids.push_back(bj::string(p.id));
  return json_response(201, bj::serialize(ids));
}

template <class T, class Render>
Response page_response(const billing::Page<T>& page, Render render_one, BillingContext& ctx, const std::string& path,
                       const Request& req) {
  bj::array items;
  for (const auto& item : page.items) items.push_back(render_one(item));
  const auto* last = page.items.empty() ? nullptr : &page.items.back();
  return ok_json(200, page_json(std::move(items), page.has_more, last ? last->created_on : 0, last ? last->id : "",
                                ctx.links, path, req));
}

}  // namespace

void add_billing_routes(http::Router& router, BillingContext& ctx, const DialectRoute& authed) {
  const std::string v1 = "/api/v1";
  auto route = [&](const char* method, const std::string& path, CallerHandler handler) {
    router.add(method, v1 + path, authed(std::move(handler)));
  };
  route("POST", "/billing/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    return send_one_off(ctx, req, c);
  });
  route("POST", "/billing_templates/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    return save_template(ctx, req, c, nullptr);
  });
  route("GET", "/billing_templates/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    json::FieldErrors errors;
    auto page = read_page(req, errors);
    if (!errors.empty()) return validation_error(errors);
    return page_response(ctx.billing.list_templates(c, page_request(page)),
                         [&ctx](const billing::BillingTemplate& t) { return render(ctx, t); }, ctx,
                         "/api/v1/billing_templates/", req);
  });
  route("GET", "/billing_templates/{id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    return ok_json(200, render(ctx, ctx.billing.get_template(c, p["id"])));
  });
  route("PUT", "/billing_templates/{id}/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    return save_template(ctx, req, c, &p["id"]);
  });
  route("DELETE", "/billing_templates/{id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    ctx.billing.delete_template(c, p["id"]);
    return Response{204, "application/json", "", {}};
  });
  route("POST", "/billing_templates/{id}/send_invoice/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    Response error;
    auto to = decode(req, error, read_recipient);
    if (!to) return error;
    return ok_json(201, purchase_json(ctx.billing.send_invoice(c, p["id"], *to), ctx.links));
  });
  route("POST", "/billing_templates/{id}/add_subscriber/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    Response error;
    auto input = decode(req, error, read_new_subscriber);
    if (!input) return error;
    auto added = ctx.billing.add_subscriber(c, p["id"], std::move(*input));
    return ok_json(201, bj::object{{"billing_template_client", subscriber_json(added.subscriber)},
                                   {"purchase", added.purchase ? bj::value(purchase_json(*added.purchase, ctx.links))
                                                               : bj::value(nullptr)}});
  });
  route("GET", "/billing_templates/{id}/clients/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    json::FieldErrors errors;
    auto page = read_page(req, errors);
    if (!errors.empty()) return validation_error(errors);
    return page_response(ctx.billing.list_subscribers(c, p["id"], page_request(page)), subscriber_json, ctx,
                         "/api/v1/billing_templates/" + p["id"] + "/clients/", req);
  });
  route("GET", "/billing_templates/{id}/clients/{client_id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    return ok_json(200, subscriber_json(ctx.billing.get_subscriber(c, p["id"], p["client_id"])));
  });
  route("PATCH", "/billing_templates/{id}/clients/{client_id}/",
        [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
          Response error;
          auto change = decode(req, error, read_subscriber_change);
          if (!change) return error;
          return ok_json(200, subscriber_json(ctx.billing.update_subscriber(c, p["id"], p["client_id"], *change)));
        });
}

}  // namespace tender::api::collect
