// Webhooks in the portal: the list of the session mode's webhooks, create, edit and delete, all
// through webhooks::WebhookCommands (its rules: event types, callback address policy, the limit
// per company). The form's problems are shown above it, each naming its field.
#include <algorithm>

#include "api/portal/developer_pages.hpp"
#include "engine/errors.hpp"
#include "webhooks/event_types.hpp"

namespace tender::api::portal_pages {

namespace {

// What the form holds: typed values to show again after a refusal.
struct WebhookForm {
  std::string title;
  std::string callback;
  bool all_events = false;
  std::vector<std::string> events;
};

std::string events_text(const webhooks::Webhook& w) {
  if (w.all_events) return "All events";
  std::string s;
  for (const auto& e : w.events) s += (s.empty() ? "" : ", ") + e;
  return s;
}

PageData webhook_data(const webhooks::Webhook& w) {
  PageData d;
  d.set("id", w.id);
  d.set("title", w.title);
  d.set("callback", w.callback);
  d.set("events_text", events_text(w));
  d.set("created", time_text(w.created_on));
  d.set("updated", time_text(w.updated_on));
  d.set("public_key", w.public_key_pem);
  return d;
}

WebhookForm form_of(const webhooks::Webhook& w) { return WebhookForm{w.title, w.callback, w.all_events, w.events}; }

// The form's fields; the first problem found, or "".
std::string read_form(const SignedIn& who, WebhookForm& f) {
  f.title = who.field("title");
  f.callback = who.field("callback");
  f.all_events = who.field("all_events") == "1";
  std::string problem;
  for (const auto& [name, value] : who.form) {
    if (name != "events") continue;
    if (!webhooks::is_event_type(value)) problem = "Events: choose event types from the list.";
    else if (std::find(f.events.begin(), f.events.end(), value) == f.events.end()) f.events.push_back(value);
  }
  if (auto p = text_problem("Title", f.title, webhooks::kMaxTitleLength, true); !p.empty()) return p;
  if (auto p = text_problem("Callback URL", f.callback, webhooks::kMaxCallbackLength, true); !p.empty()) return p;
  if (!problem.empty()) return problem;
  if (!f.all_events && f.events.empty()) return "Events: choose at least one event type, or All events.";
  return {};
}

// The engine's refusal worded for the form: its field's label, then its message.
std::string engine_problem(const engine::EngineError& e) {
  if (e.field() == "callback") return std::string("Callback URL: ") + e.what();
  if (e.field() == "events") return std::string("Events: ") + e.what();
  if (e.field() == "title") return std::string("Title: ") + e.what();
  return e.what();
}

Response form_page(int status, const SignedIn& who, const std::string& heading, const std::string& action_url,
                   const WebhookForm& f, const std::string& error) {
  auto d = developer_page_data("webhooks", heading);
  d.set("heading", heading);
  d.set("action_url", action_url);
  d.set("form_title", f.title);
  d.set("form_callback", f.callback);
  d.set("all_events", f.all_events);
  PageData types{PageData::type::list};
  for (const auto& e : webhooks::event_types()) {
    PageData t;
    t.set("name", e);
    t.set("checked", std::find(f.events.begin(), f.events.end(), e) != f.events.end());
    types.push_back(t);
  }
  d.set("event_types", types);
  if (!error.empty()) d.set("error", error);
  return html(status, render("developers_webhook_form", d, &who, "developers"));
}

Response list_page(PortalContext& ctx, Request& req, SignedIn& who) {
  const auto caller = who.caller();
  auto page = ctx.webhooks.list(caller, std::nullopt, std::nullopt, webhooks::kMaxWebhooksPerCompany);
  PageData items{PageData::type::list};
  for (const auto& w : page.items)
    if (w.is_test == caller.is_test) items.push_back(webhook_data(w));
  auto d = developer_page_data("webhooks", "Webhooks");
  d.set("webhooks", items);
  d.set("has_webhooks", !items.is_empty_list());
  d.set("mode", caller.is_test ? "test" : "live");
  if (auto n = notice_text(req.query_param("notice").value_or("")); !n.empty()) d.set("notice", n);
  return html(200, render("developers", d, &who, "developers"));
}

Response webhook_page(PortalContext& ctx, Request& req, const std::string& id, SignedIn& who) {
  auto w = webhook_of(ctx, who, id);
  std::optional<ListCursor> after;
  if (auto a = req.query_param("after")) {
    after = parse_cursor(*a);
    if (!after) return error_page(400, "Bad link", "after: this is not a position in the delivery log.", &who);
  }
  auto d = developer_page_data("webhooks", w.title);
  d.set("webhook", webhook_data(w));
  add_delivery_log(ctx, who, w.id, after, d);
  if (auto n = notice_text(req.query_param("notice").value_or("")); !n.empty()) d.set("notice", n);
  return html(200, render("developers_webhook", d, &who, "developers"));
}

Response save(PortalContext& ctx, SignedIn& who, const std::string* id) {
  WebhookForm f;
  const std::string heading = id ? "Edit webhook" : "New webhook";
  const std::string action_url = std::string(kDevelopersPath) + "/webhooks" + (id ? "/" + *id : "");
  if (id) webhook_of(ctx, who, *id);  // another mode's or company's: 404 before anything else
  if (auto problem = read_form(who, f); !problem.empty()) return form_page(400, who, heading, action_url, f, problem);
  webhooks::WebhookFields fields{f.title, f.callback, f.events, f.all_events};
  webhooks::Webhook saved;
  try {
    saved = id ? ctx.webhooks.update(who.caller(), *id, fields, false) : ctx.webhooks.create(who.caller(), fields);
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::invalid_input) throw;
    return form_page(400, who, heading, action_url, f, engine_problem(e));
  }
  audit(ctx, who, id ? "webhook.update" : "webhook.create", saved.id,
        saved.title + " → " + saved.callback + " (" + events_text(saved) + ")");
  return redirect(std::string(kDevelopersPath) + "/webhooks/" + saved.id + "?notice=" + (id ? "webhook_saved" : "webhook_created"));
}

}  // namespace

void add_webhook_pages(http::Router& router, PortalContext& ctx) {
  const std::string base = kDevelopersPath;
  router.add("GET", base, page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    return list_page(ctx, req, who);
  }));
  router.add("GET", base + "/webhooks/new", page(ctx, Permission::administer, [](Request&, const RouteParams&, SignedIn& who) {
    return form_page(200, who, "New webhook", std::string(kDevelopersPath) + "/webhooks", WebhookForm{}, "");
  }));
  router.add("POST", base + "/webhooks", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    return save(ctx, who, nullptr);
  }));
  router.add("GET", base + "/webhooks/{id}", page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams& p, SignedIn& who) {
    return webhook_page(ctx, req, p["id"], who);
  }));
  router.add("GET", base + "/webhooks/{id}/edit", page(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto w = webhook_of(ctx, who, p["id"]);
    return form_page(200, who, "Edit webhook", std::string(kDevelopersPath) + "/webhooks/" + w.id, form_of(w), "");
  }));
  router.add("POST", base + "/webhooks/{id}", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    return save(ctx, who, &p["id"]);
  }));
  router.add("GET", base + "/webhooks/{id}/delete", page(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto w = webhook_of(ctx, who, p["id"]);
    auto d = developer_page_data("webhooks", "Delete webhook");
    d.set("webhook", webhook_data(w));
    return html(200, render("developers_webhook_delete", d, &who, "developers"));
  }));
  router.add("POST", base + "/webhooks/{id}/delete", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto w = webhook_of(ctx, who, p["id"]);
    ctx.webhooks.remove(who.caller(), w.id);
    audit(ctx, who, "webhook.delete", w.id, w.title + " → " + w.callback);
    return redirect(std::string(kDevelopersPath) + "?notice=webhook_deleted");
  }));
}

}  // namespace tender::api::portal_pages
