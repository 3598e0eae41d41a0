// A webhook's delivery log: what was sent about which purchase, how each attempt was answered
// (response code or the error), and a resend button (webhooks::Dispatcher::resend: a pending
// delivery becomes due now, a finished one gets one more attempt).
#include "api/portal/developer_pages.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "webhooks/delivery_reads.hpp"

namespace tender::api::portal_pages {

namespace {

constexpr std::size_t kDeliveriesPerPage = 25;
constexpr std::size_t kMaxPayloadShownBytes = 64 * 1024;  // the page stays small for any purchase

// "HTTP 200", or what went wrong when no answer came.
std::string outcome_text(const webhooks::DeliveryAttempt& a) {
  if (a.status_code) return "HTTP " + std::to_string(*a.status_code) + (a.error.empty() ? "" : " (" + a.error + ")");
  return a.error.empty() ? "no answer" : a.error;
}

PageData delivery_data(const webhooks::Delivery& d) {
  PageData row;
  const std::string status(webhooks::to_string(d.status));
  row.set("id", d.id);
  row.set("webhook_id", d.webhook_id);
  row.set("event_type", d.event_type);
  row.set("object_id", d.object_id);
  row.set("status", status);
  row.set("status_" + status, true);
  row.set("attempt_count", std::to_string(d.attempts.size()));
  row.set("event_time", time_text(d.event_created_on));
  if (!d.attempts.empty()) {
    const auto& last = d.attempts.back();
    row.set("last_outcome", outcome_text(last));
    row.set("last_ok", last.status_code && *last.status_code >= 200 && *last.status_code < 300);
    row.set("last_time", time_text(last.attempted_at));
  }
  if (d.status == webhooks::DeliveryStatus::pending) row.set("next_time", time_text(d.next_attempt_at));
  if (d.status == webhooks::DeliveryStatus::failed) row.set("failure_reason", d.failure_reason);
  if (d.delivered_on) row.set("delivered_time", time_text(d.delivered_on));
  return row;
}

webhooks::Delivery delivery_of(PortalContext& ctx, const SignedIn& who, const std::string& webhook_id,
                               const std::string& delivery_id) {
  if (!engine::is_uuid(delivery_id)) throw engine::not_found();
  auto view = ctx.store.read();
  auto d = webhooks::find_delivery(*view, who.user.company_id, delivery_id);
  if (!d || d->webhook_id != webhook_id) throw engine::not_found();
  return *d;
}

Response delivery_page(PortalContext& ctx, Request& req, const std::string& webhook_id, const std::string& delivery_id,
                       SignedIn& who) {
  auto w = webhook_of(ctx, who, webhook_id);
  auto delivery = delivery_of(ctx, who, w.id, delivery_id);
  auto d = developer_page_data("webhooks", "Delivery of " + delivery.event_type);
  d.set("webhook_id", w.id);
  d.set("webhook_title", w.title);
  d.set("delivery", delivery_data(delivery));
  PageData attempts{PageData::type::list};
  for (std::size_t i = 0; i < delivery.attempts.size(); ++i) {
    const auto& a = delivery.attempts[i];
    PageData row;
    row.set("number", std::to_string(i + 1));
    row.set("time", time_text(a.attempted_at));
    row.set("url", a.url);
    row.set("outcome", outcome_text(a));
    row.set("ok", a.status_code && *a.status_code >= 200 && *a.status_code < 300);
    row.set("duration_ms", std::to_string(a.duration_ms));
    row.set("manual", a.manual);
    attempts.push_back(row);
  }
  d.set("attempts", attempts);
  d.set("has_attempts", !attempts.is_empty_list());
  d.set("payload", delivery.payload.size() > kMaxPayloadShownBytes
                       ? delivery.payload.substr(0, kMaxPayloadShownBytes) + " …"
                       : delivery.payload);
  if (auto n = notice_text(req.query_param("notice").value_or("")); !n.empty()) d.set("notice", n);
  return html(200, render("developers_delivery", d, &who, "developers"));
}

}  // namespace

void add_delivery_log(PortalContext& ctx, const SignedIn& who, const std::string& webhook_id,
                      const std::optional<ListCursor>& after, PageData& data) {
  webhooks::DeliveryFilter filter;
  filter.webhook_id = webhook_id;
  filter.limit = kDeliveriesPerPage;
  if (after) {
    filter.after_created_on = after->created_on;
    filter.after_id = after->id;
  }
  auto view = ctx.store.read();
  auto page = webhooks::list_deliveries(*view, who.user.company_id, filter);
  PageData rows{PageData::type::list};
  for (const auto& d : page.items) rows.push_back(delivery_data(d));
  data.set("deliveries", rows);
  data.set("has_deliveries", !rows.is_empty_list());
  data.set("paged", after.has_value());
  if (page.next)
    data.set("older_url", std::string(kDevelopersPath) + "/webhooks/" + webhook_id +
                              "?after=" + url_encode(cursor_text(page.next->created_on, page.next->id)));
}

void add_delivery_pages(http::Router& router, PortalContext& ctx) {
  const std::string base = std::string(kDevelopersPath) + "/webhooks/{id}/deliveries/{delivery_id}";
  router.add("GET", base, page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams& p, SignedIn& who) {
    return delivery_page(ctx, req, p["id"], p["delivery_id"], who);
  }));
  router.add("POST", base + "/resend", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto w = webhook_of(ctx, who, p["id"]);
    if (!engine::is_uuid(p["delivery_id"])) throw engine::not_found();
    auto d = ctx.dispatcher.resend(who.user.company_id, p["delivery_id"], w.id);
    audit(ctx, who, "delivery.resend", d.id, d.event_type + " of " + d.object_id + " to " + w.title);
    return redirect(std::string(kDevelopersPath) + "/webhooks/" + w.id + "/deliveries/" + d.id + "?notice=resent");
  }));
}

}  // namespace tender::api::portal_pages
