#include "api/collect/webhook_routes.hpp"

#include <boost/json.hpp>
#include <cstdlib>

#include "api/collect/collect_errors.hpp"
#include "api/collect/collect_http.hpp"
#include "api/collect/refund_json.hpp"
#include "api/collect/webhook_fields.hpp"
#include "api/schema/table_reader.hpp"
#include "api/test_clock.hpp"
#include "engine/errors.hpp"
#include "engine/refund_record.hpp"
#include "engine/ids.hpp"
#include "json/reader.hpp"
#include "webhooks/delivery_reads.hpp"
#include "webhooks/event_types.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using http::Request;
using http::Response;
using http::RouteParams;
using json::ErrorCode;

namespace {

bj::object webhook_json(const webhooks::Webhook& w) {
  bj::array events;
  for (const auto& e : w.events) events.push_back(bj::string(e));
  return bj::object{{"id", w.id},
                    {"type", "webhook"},
                    {"created_on", w.created_on},
                    {"updated_on", w.updated_on},
                    {"title", w.title},
                    {"all_events", w.all_events},
                    {"public_key", w.public_key_pem},
                    {"events", std::move(events)},
                    {"callback", w.callback}};
}

bj::object delivery_json(const webhooks::Delivery& d) {
  bj::array attempts;
  for (const auto& a : d.attempts) {
    attempts.push_back(bj::object{{"attempted_on", a.attempted_at},
                                  {"url", a.url},
                                  {"status_code", a.status_code ? bj::value(*a.status_code) : bj::value(nullptr)},
                                  {"duration_ms", a.duration_ms},
                                  {"error", a.error.empty() ? bj::value(nullptr) : bj::value(a.error)},
                                  {"manual", a.manual}});
  }
  const bool pending = d.status == webhooks::DeliveryStatus::pending;
  const bool failed = d.status == webhooks::DeliveryStatus::failed;
  const std::string status(to_string(d.status));
  return bj::object{{"id", d.id},
                    {"type", "delivery"},
                    {"destination", d.destination},
                    {"webhook_id", d.webhook_id.empty() ? bj::value(nullptr) : bj::value(d.webhook_id)},
                    {"url", d.webhook_id.empty() ? bj::value(d.url) : bj::value(nullptr)},
                    {"event_id", d.event_id},
                    {"event_type", d.event_type},
                    {"object_id", d.object_id},
                    {"event_created_on", d.event_created_on},
                    {"status", status},
                    {"attempt_count", static_cast<std::int64_t>(d.attempts.size())},
                    {"attempts", std::move(attempts)},
                    {"next_attempt_on", pending ? bj::value(d.next_attempt_at) : bj::value(nullptr)},
                    {"give_up_on", pending ? bj::value(d.give_up_at) : bj::value(nullptr)},
                    {"delivered_on", d.delivered_on ? bj::value(d.delivered_on) : bj::value(nullptr)},
                    {"failure_reason", failed ? bj::value(d.failure_reason) : bj::value(nullptr)},
                    {"is_test", d.is_test},
                    {"created_on", d.created_on},
                    {"updated_on", d.updated_on}};
}

// Reads the writable fields. `full`: create/PUT (title and callback required).
std::optional<webhooks::WebhookFields> read_webhook(const bj::object& body, bool full, json::FieldErrors& errors) {
  schema::TableReader r(webhook_fields(full), &body, "", errors);
  webhooks::WebhookFields f;
  f.title = r.string("title");
  f.callback = r.string("callback");
  if (r.has_key("all_events")) f.all_events = r.boolean("all_events");
  // Each name is one of the item's choices, the event types (their list is the error's text).
  if (const auto* events = r.array("events")) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < events->size(); ++i) {
      const auto& v = (*events)[i];
      const std::string path = "events." + std::to_string(i);
      if (!v.is_string()) errors.add(path, ErrorCode::invalid_type, "string");
      else if (!webhooks::is_event_type(v.get_string())) errors.add(path, ErrorCode::invalid_choice, webhooks::event_types_text());
      else names.emplace_back(v.get_string());
    }
    f.events = std::move(names);
  }
  if (!errors.empty()) return std::nullopt;
  return f;
}

Response save_webhook(WebhookContext& ctx, Request& req, const engine::Caller& caller, const std::string* id, bool merge) {
  Response error;
  auto body = object_body(req, error, false);
  if (!body) return error;
  json::FieldErrors errors;
  auto fields = read_webhook(*body, !merge, errors);
  if (!fields) return validation_error(errors);
  if (!id) return ok_json(201, webhook_json(ctx.webhooks.create(caller, *fields)));
  return ok_json(200, webhook_json(ctx.webhooks.update(caller, *id, *fields, merge)));
}

Response list_webhooks(WebhookContext& ctx, Request& req, const engine::Caller& caller) {
  json::FieldErrors errors;
  auto page = read_page(req, errors);
  if (!errors.empty()) return validation_error(errors);
  auto result = ctx.webhooks.list(caller, page.after_created_on, page.after_id, page.limit);
  bj::array items;
  for (const auto& w : result.items) items.push_back(webhook_json(w));
  const bool more = result.has_more;
  return ok_json(200, page_json(std::move(items), more, more ? result.items.back().created_on : 0,
                                more ? result.items.back().id : "", ctx.links, req.path, req));
}

// webhook_id: "" for /deliveries/ (then ?webhook_id= filters).
Response list_deliveries(WebhookContext& ctx, Request& req, const engine::Caller& caller, const std::string& webhook_id) {
  json::FieldErrors errors;
  auto page = read_page(req, errors);
  webhooks::DeliveryFilter f;
  f.limit = page.limit;
  f.after_created_on = page.after_created_on;
  f.after_id = page.after_id;
  f.webhook_id = webhook_id.empty() ? req.query_param("webhook_id").value_or("") : webhook_id;
  f.object_id = req.query_param("purchase_id").value_or(req.query_param("object_id").value_or(""));
  f.destination = req.query_param("destination").value_or("");
  if (!f.destination.empty() && f.destination != "webhook" && f.destination != webhooks::kSuccessCallbackDestination)
    errors.add("destination", ErrorCode::invalid_choice, "webhook, success_callback");
  for (const auto& s : req.query_params("status")) {
    if (!webhooks::delivery_status_from_string(s)) errors.add("status", ErrorCode::invalid_choice, "pending, delivered, failed");
    else f.statuses.push_back(s);
  }
  if (!errors.empty()) return validation_error(errors);
  auto view = ctx.store.read();
  if (!webhook_id.empty() && !webhooks::WebhookCommands::find(*view, caller.company_id, webhook_id))
    return not_found_response();
  auto result = webhooks::list_deliveries(*view, caller.company_id, f);
  bj::array items;
  for (const auto& d : result.items) items.push_back(delivery_json(d));
  const bool more = result.next.has_value();
  return ok_json(200, page_json(std::move(items), more, more ? result.next->created_on : 0, more ? result.next->id : "",
                                ctx.links, req.path, req));
}

Response get_delivery(WebhookContext& ctx, const engine::Caller& caller, const std::string& webhook_id, const std::string& id) {
  auto view = ctx.store.read();
  auto d = webhooks::find_delivery(*view, caller.company_id, id);
  if (!d || (!webhook_id.empty() && d->webhook_id != webhook_id)) return not_found_response();
  return ok_json(200, delivery_json(*d));
}

Response advance_clock(WebhookContext& ctx, Request& req, const engine::Caller& caller) {
  if (!caller.is_test) return request_error(403, "test_mode_only", "The test clock can only be moved with a test API key.");
  if (!ctx.test_clock_enabled)
    return request_error(403, "test_clock_disabled",
                         "The test clock is disabled on this installation; start tender with TENDER_TEST_CLOCK=1.");
  Response error;
  auto body = object_body(req, error, false);
  if (!body) return error;
  json::FieldErrors errors;
  auto seconds = schema::TableReader(clock_advance_fields(), &*body, "", errors).integer("seconds");
  if (!errors.empty()) return validation_error(errors);
  api::advance_test_clock(ctx.clock, ctx.dispatcher, *seconds);
  return ok_json(200, bj::object{{"now", ctx.clock.now_seconds()}, {"offset_seconds", ctx.clock.offset_seconds()}});
}

}  // namespace

bool test_clock_enabled_from_env() {
  const char* v = std::getenv("TENDER_TEST_CLOCK");
  return v != nullptr && std::string_view(v) == "1";
}

std::string event_body(const store::OutboxEvent& event, const Links& links, store::Store& store) {
  auto purchase = engine::purchase_from_storage(event.payload);
  // payment.refunded carries the refund Payment, as seed 003 says (the status change to refunded
  // refers to "the refund Payment"); its related_to names the purchase. The refund is the one
  // the event's own status change refers to, the last one in the snapshot.
  if (event.event_type == "payment.refunded") {
    const auto& history = purchase.status_history;
    for (auto h = history.rbegin(); h != history.rend(); ++h) {
      if (!h->related_object || h->related_object->type != "payment") continue;
      auto view = store.read();
      if (auto refund = engine::read_refund(*view, h->related_object->id)) {
        auto o = refund_json(*refund);
        // chip-for-opencart's refund callback finds its order by related_to.reference.
        o["related_to"].as_object()["reference"] = purchase.reference;
        o["event_type"] = event.event_type;
        return bj::serialize(o);
      }
      break;
    }
  }
  auto o = purchase_json(purchase, links);
  o["event_type"] = event.event_type;
  return bj::serialize(o);
}

void add_webhook_routes(http::Router& router, WebhookContext& ctx, const DialectRoute& authed) {
  const std::string v1 = "/api/v1";
  auto route = [&](const char* method, const std::string& path, CallerHandler handler) {
    router.add(method, v1 + path, authed(std::move(handler)));
  };
  route("POST", "/webhooks/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    return save_webhook(ctx, req, c, nullptr, false);
  });
  route("GET", "/webhooks/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    return list_webhooks(ctx, req, c);
  });
  route("GET", "/webhooks/{id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    return ok_json(200, webhook_json(ctx.webhooks.get(c, p["id"])));
  });
  route("PUT", "/webhooks/{id}/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    return save_webhook(ctx, req, c, &p["id"], false);
  });
  route("PATCH", "/webhooks/{id}/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    return save_webhook(ctx, req, c, &p["id"], true);
  });
  route("DELETE", "/webhooks/{id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    ctx.webhooks.remove(c, p["id"]);
    return Response{204, "application/json", "", {}};
  });
  route("GET", "/webhooks/{id}/deliveries/", [&ctx](Request& req, const RouteParams& p, const engine::Caller& c) {
    if (!engine::is_uuid(p["id"])) return not_found_response();
    return list_deliveries(ctx, req, c, p["id"]);
  });
  route("GET", "/webhooks/{id}/deliveries/{delivery_id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    if (!engine::is_uuid(p["id"])) return not_found_response();
    return get_delivery(ctx, c, p["id"], p["delivery_id"]);
  });
  route("POST", "/webhooks/{id}/deliveries/{delivery_id}/resend/",
        [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
          if (!engine::is_uuid(p["id"])) return not_found_response();
          return ok_json(200, delivery_json(ctx.dispatcher.resend(c.company_id, p["delivery_id"], p["id"])));
        });
  route("GET", "/deliveries/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    return list_deliveries(ctx, req, c, "");
  });
  route("GET", "/deliveries/{id}/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    return get_delivery(ctx, c, "", p["id"]);
  });
  route("POST", "/deliveries/{id}/resend/", [&ctx](Request&, const RouteParams& p, const engine::Caller& c) {
    return ok_json(200, delivery_json(ctx.dispatcher.resend(c.company_id, p["id"], "")));
  });
  route("POST", "/test_clock/advance/", [&ctx](Request& req, const RouteParams&, const engine::Caller& c) {
    return advance_clock(ctx, req, c);
  });
  route("GET", "/test_clock/", [&ctx](Request&, const RouteParams&, const engine::Caller& c) {
    if (!c.is_test) return request_error(403, "test_mode_only", "The test clock is only visible to test API keys.");
    return ok_json(200, bj::object{{"now", ctx.clock.now_seconds()},
                                   {"offset_seconds", ctx.clock.offset_seconds()},
                                   {"enabled", ctx.test_clock_enabled}});
  });
}

}  // namespace tender::api::collect
