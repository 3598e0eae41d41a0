// Resends: a delivery asked for again (API or portal) gets one more attempt, now, by whichever
// node holds the webhooks lease; a counter in the store tells that node to reload.
#include <boost/json.hpp>

#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "webhooks/dispatcher.hpp"
#include "webhooks/outbox_retention.hpp"
#include "webhooks/retry_schedule.hpp"

namespace tender::webhooks {

namespace bj = boost::json;

namespace {

// Bumped by every resend, so that the lease holder (maybe another node) loads it.
constexpr const char* kResendsId = "resend_counter";
constexpr std::int64_t kResendWindowSeconds = 3600;  // a resent delivery gives up after this

std::int64_t counter_of(const std::optional<store::Record>& r) {
  if (!r) return 0;
  auto v = bj::parse(r->body);
  auto* n = v.as_object().if_contains("n");
  return n && n->is_int64() ? n->get_int64() : 0;
}

}  // namespace

std::int64_t Dispatcher::resend_counter() { return counter_of(store_.read()->get(kDispatcherStateKind, kResendsId)); }

Delivery Dispatcher::resend(const std::string& company_id, const std::string& delivery_id,
                            const std::string& webhook_id) {
  if (!engine::is_uuid(delivery_id)) throw engine::not_found();
  Delivery result;
  std::int64_t bumped = 0;
  store_.write([&](store::WriteTxn& tx) {
    auto r = tx.get(kDeliveryKind, delivery_id);
    if (!r || r->company_id != company_id) throw engine::not_found();
    Delivery d = delivery_from_record(*r);
    if (!webhook_id.empty() && d.webhook_id != webhook_id) throw engine::not_found();
    if (static_cast<int>(d.attempts.size()) >= kMaxStoredAttempts)
      throw engine::EngineError(engine::ErrorKind::invalid_state, "delivery_attempts_exhausted",
                                "This delivery has reached its limit of " + std::to_string(kMaxStoredAttempts) +
                                    " attempts; it cannot be sent again.");
    const std::int64_t now = clock_.now_seconds();
    if (d.status != DeliveryStatus::pending) {
      d.status = DeliveryStatus::pending;
      d.max_attempts = static_cast<int>(d.attempts.size()) + 1;
      d.give_up_at = now + kResendWindowSeconds;
      d.failure_reason.clear();
      d.delivered_on = 0;
    }
    d.next_attempt_at = now;
    d.resend_requested = true;
    d.updated_on = now;
    auto record = delivery_record(d);
    tx.put(record, r->version);
    d.version = record.version;
    result = d;
    // Announce it to the lease holder, which may be another node.
    auto counter = tx.get(kDispatcherStateKind, kResendsId);
    bumped = counter_of(counter) + 1;
    store::Record next{kDispatcherStateKind, kResendsId, "", "", "", now, 0, bj::serialize(bj::object{{"n", bumped}})};
    tx.put(next, counter ? counter->version : 0);
  });
  {
    std::lock_guard lock(mutex_);
    if (leader_) {
      if (queue_.in_flight(delivery_id)) resend_after_flight_.insert(delivery_id);
      else queue_.add(queue_entry(result));
      // Our own bump needs no reload (another node's in between still does).
      std::int64_t before = bumped - 1;
      seen_resends_.compare_exchange_strong(before, bumped);
    }
    kick_ = true;
  }
  wake_cv_.notify_all();
  return result;
}

}  // namespace tender::webhooks
