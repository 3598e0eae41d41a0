// The dispatcher's fan-out: outbox events become deliveries, one per listening webhook of the
// event's mode and one for the purchase's success callback, written with the outbox cursor in one
// transaction so that an event is fanned out once.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "engine/ids.hpp"
#include "engine/purchase.hpp"
#include "webhooks/dispatcher.hpp"
#include "webhooks/event_types.hpp"
#include "webhooks/outbox_retention.hpp"
#include "webhooks/retry_schedule.hpp"

namespace tender::webhooks {

namespace bj = boost::json;

std::vector<Delivery> Dispatcher::destinations(const store::OutboxEvent& e, std::int64_t now,
                                               std::vector<Webhook>& company_webhooks) {
  std::vector<Delivery> out;
  // Most events have no destination: decide that before parsing the payload.
  const bool callback_event = is_success_callback_event(e.event_type);
  const bool failure_event = is_failure_callback_event(e.event_type);
  if (!callback_event && !failure_event && std::none_of(company_webhooks.begin(), company_webhooks.end(),
                                      [&](const Webhook& w) { return w.listens_to(e.event_type); })) {
    return out;
  }
  const auto purchase = engine::callback_settings_from_storage(e.payload);
  std::map<std::string, std::string, std::less<>> bodies;  // by destination kind
  auto make = [&](std::string destination, std::string webhook_id, std::string url) {
    auto& body = bodies[destination];
    if (body.empty()) body = render_(e, destination);
    Delivery d;
    d.id = engine::new_id();
    d.company_id = e.company_id;
    d.is_test = purchase.is_test;
    d.event_id = e.id;
    d.event_seq = e.seq;
    d.event_type = e.event_type;
    d.object_id = e.object_id;
    d.event_created_on = e.created_on;
    d.destination = std::move(destination);
    d.webhook_id = std::move(webhook_id);
    d.url = std::move(url);
    d.payload = body;
    d.max_attempts = kMaxAttempts;
    d.next_attempt_at = now;
    d.give_up_at = e.created_on + kGiveUpAfterSeconds;
    d.created_on = d.updated_on = now;
    out.push_back(std::move(d));
  };
  for (const auto& w : company_webhooks) {
    // Test webhooks hear test objects, live ones live objects.
    if (w.is_test == purchase.is_test && w.listens_to(e.event_type)) make("webhook", w.id, w.callback);
  }
  if ((callback_event || (failure_event && purchase.failure_callback)) && !purchase.success_callback.empty()) {
    make(kSuccessCallbackDestination, "", purchase.success_callback);
  }
  return out;
}

bool Dispatcher::fan_out() {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.max_pending) return false;  // back-pressure: the outbox keeps them
  }
  const std::int64_t after = cursor_;
  auto events = store_.read()->outbox_after(after, options_.fanout_batch);
  if (events.empty()) return false;
  const std::int64_t now = clock_.now_seconds();

  std::map<std::string, std::vector<Webhook>> webhooks_by_company;
  {
    auto view = store_.read();
    for (const auto& e : events) {
      if (!webhooks_by_company.count(e.company_id))
        webhooks_by_company[e.company_id] = WebhookCommands::of_company(*view, e.company_id);
    }
  }
  std::vector<Delivery> planned;
  for (const auto& e : events) {
    try {
      for (auto& d : destinations(e, now, webhooks_by_company[e.company_id])) planned.push_back(std::move(d));
    } catch (const std::exception& error) {
      // A payload this build cannot read would block the outbox forever; skip it, loudly.
      spdlog::error("webhooks: outbox event {} ({}) cannot be rendered, skipped: {}", e.seq, e.event_type, error.what());
    }
  }

  const std::int64_t last_seq = events.back().seq;
  std::vector<Delivery> created;
  store_.write([&](store::WriteTxn& tx) {
    created.clear();
    auto state = tx.get(kDispatcherStateKind, kOutboxCursorId);
    const std::int64_t stored = outbox_cursor(state);
    for (auto& d : planned) {
      if (d.event_seq <= stored) continue;                          // fanned out already
      if (tx.find_by_lookup(kDeliveryKind, d.lookup())) continue;  // same
      auto record = delivery_record(d);
      tx.put(record, 0);
      d.version = record.version;
      created.push_back(d);
    }
    store::Record cursor{kDispatcherStateKind, kOutboxCursorId, "", "", "", now, 0,
                         bj::serialize(bj::object{{"seq", std::max(stored, last_seq)}})};
    tx.put(cursor, state ? state->version : 0);
  });
  std::lock_guard lock(mutex_);
  cursor_ = last_seq;
  for (const auto& d : created) queue_.add(queue_entry(d));
  return events.size() == options_.fanout_batch;
}

}  // namespace tender::webhooks
