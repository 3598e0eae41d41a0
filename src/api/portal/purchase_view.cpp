#include "api/portal/purchase_view.hpp"

#include <algorithm>

#include "api/portal/portal_page.hpp"
#include "engine/state_machine.hpp"
#include "engine/status.hpp"
#include "json/access.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "webhooks/delivery_reads.hpp"

namespace tender::api::portal_pages {

namespace mustache = kainjow::mustache;
using mustache::data;

namespace {

std::string major(std::int64_t minor, const std::string& currency) {
  const auto* c = money::find_currency(currency);
  return c ? money::format_major_units(minor, *c) : std::to_string(minor);
}

data list_of(std::vector<data> rows) {
  data list{data::type::list};
  for (auto& r : rows) list.push_back(std::move(r));
  return list;
}

data status_rows(const engine::Purchase& p) {
  std::vector<data> rows;
  for (auto it = p.status_history.rbegin(); it != p.status_history.rend(); ++it) {
    data row;
    row.set("time", time_text(it->timestamp));
    row.set("status", std::string(engine::to_string(it->status)));
    if (it->related_object) row.set("related", it->related_object->type + " " + it->related_object->id);
    rows.push_back(std::move(row));
  }
  return list_of(std::move(rows));
}

data attempt_rows(const engine::Purchase& p) {
  std::vector<data> rows;
  const auto& attempts = p.transaction_data.attempts;
  for (auto it = attempts.rbegin(); it != attempts.rend(); ++it) {
    data row;
    row.set("type", it->type);
    row.set("successful", it->successful);
    row.set("method", it->payment_method);
    row.set("masked_pan", json::text(it->extra, "masked_pan"));
    row.set("flow", it->flow);
    if (it->error) {
      row.set("error_code", it->error->code);
      row.set("error_message", it->error->message);
    }
    rows.push_back(std::move(row));
  }
  return list_of(std::move(rows));
}

data posting_rows(const std::vector<store::Posting>& postings) {
  std::vector<data> rows;
  for (const auto& leg : postings) {
    data row;
    row.set("time", time_text(leg.created_on));
    row.set("kind", leg.kind);
    row.set("account", leg.account);
    row.set("amount", money_text(leg.amount_minor, leg.currency));
    row.set("transaction_id", leg.transaction_id);
    rows.push_back(std::move(row));
  }
  return list_of(std::move(rows));
}

data delivery_rows(const std::vector<webhooks::Delivery>& deliveries) {
  std::vector<data> rows;
  for (const auto& d : deliveries) {
    data row;
    row.set("id", d.id);
    row.set("event_type", d.event_type);
    row.set("destination", d.destination == webhooks::kSuccessCallbackDestination ? "success callback" : "webhook");
    row.set("url", d.url);
    row.set("status", std::string(webhooks::to_string(d.status)));
    row.set("attempts", std::to_string(d.attempts.size()));
    if (!d.attempts.empty()) {
      const auto& last = d.attempts.back();
      row.set("response", last.status_code ? std::to_string(*last.status_code) : (last.error.empty() ? "no answer" : last.error));
      row.set("last_time", time_text(last.attempted_at));
    } else {
      row.set("response", "not tried yet");
    }
    rows.push_back(std::move(row));
  }
  return list_of(std::move(rows));
}

}  // namespace

PurchaseTimeline read_timeline(store::ReadView& view, const engine::Purchase& p) {
  PurchaseTimeline t;
  t.postings = view.postings_for_purchase(p.id);
  webhooks::DeliveryFilter filter;
  filter.object_id = p.id;
  filter.limit = kMaxDeliveriesShown;
  t.deliveries = webhooks::list_deliveries(view, p.company_id, filter).items;
  return t;
}

data purchase_row(const engine::Purchase& p) {
  data row;
  row.set("id", p.id);
  row.set("short_id", p.id.substr(0, 8));
  row.set("created", time_text(p.created_on));
  row.set("status", std::string(engine::to_string(p.status)));
  row.set("amount", money_text(p.total_minor, p.currency));
  row.set("reference", p.reference.empty() ? p.reference_generated : p.reference);
  row.set("email", json::text(p.client, "email"));
  return row;
}

data purchase_page_data(const engine::Purchase& p, const PurchaseTimeline& timeline, const std::string& public_url) {
  data d = purchase_row(p);
  d.set("title", "Purchase " + p.id.substr(0, 8));
  d.set("is_test", p.is_test);
  d.set("id_of_purchase", p.id);
  d.set("flow", p.transaction_data.flow);
  d.set("currency", p.currency);
  d.set("brand", p.brand_name);
  d.set("platform", p.platform);
  d.set("captured", money_text(p.captured_minor, p.currency));
  d.set("refunded", money_text(p.refunded_minor, p.currency));
  if (engine::is_payable(p.status)) d.set("checkout_url", public_url + "/p/" + p.id + "/");

  // The actions the state machine allows at this moment; none while an acquirer call is open.
  const bool idle = !p.intent.open();
  const std::int64_t refundable = p.refundable_minor();  // the engine's own limit
  const bool can_capture = idle && engine::is_capturable(p.status);
  const bool can_release = idle && engine::is_releasable(p.status);
  const bool can_refund = idle && engine::is_refundable(p.status) && refundable > 0;
  const bool can_cancel = idle && engine::allows(p.status, engine::Operation::cancel);
  d.set("can_capture", can_capture);
  d.set("can_release", can_release);
  d.set("can_refund", can_refund);
  d.set("can_cancel", can_cancel);
  d.set("has_actions", can_capture || can_release || can_refund || can_cancel);
  d.set("refundable", major(refundable, p.currency));
  d.set("capturable", major(p.total_minor, p.currency));
  if (p.intent.open()) d.set("in_flight", true);

  d.set("history", status_rows(p));
  d.set("attempts", attempt_rows(p));
  d.set("has_attempts", !p.transaction_data.attempts.empty());
  d.set("postings", posting_rows(timeline.postings));
  d.set("has_postings", !timeline.postings.empty());
  d.set("deliveries", delivery_rows(timeline.deliveries));
  d.set("has_deliveries", !timeline.deliveries.empty());
  return d;
}

}  // namespace tender::api::portal_pages
