#include "webhooks/dispatcher.hpp"
#include "util/invariant.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "crypto/rsa_key.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/purchase.hpp"
#include "webhooks/event_types.hpp"
#include "webhooks/outbox_retention.hpp"
#include "webhooks/retry_schedule.hpp"

namespace tender::webhooks {

namespace bj = boost::json;

namespace {

// Bumped by every resend, so that the lease holder (maybe another node) loads it.
constexpr const char* kResendsId = "resend_counter";
constexpr const char* kLeaseName = "webhooks";
constexpr std::int64_t kResendWindowSeconds = 3600;  // a resent delivery gives up after this
constexpr std::int64_t kErrorRetrySeconds = 30;      // after an internal error (store, key)
constexpr std::size_t kLoadPage = 1000;


std::int64_t counter_of(const std::optional<store::Record>& r) {
  if (!r) return 0;
  auto v = bj::parse(r->body);
  auto* n = v.as_object().if_contains("n");
  return n && n->is_int64() ? n->get_int64() : 0;
}

DeliveryQueue::Entry entry_of(const Delivery& d) {
  return DeliveryQueue::Entry{d.id, d.queue_key(), d.event_seq, d.next_attempt_at};
}

}  // namespace

// Parsed signing keys, by "webhook:<id>" / "company:<id>". Keys never change, so entries never go stale.
struct Dispatcher::Signers {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const crypto::RsaSigner>> by_key;

  template <class Load>
  std::shared_ptr<const crypto::RsaSigner> get(const std::string& key, Load load) {
    {
      std::lock_guard lock(mutex);
      if (auto it = by_key.find(key); it != by_key.end()) return it->second;
    }
    auto signer = std::make_shared<const crypto::RsaSigner>(load());  // parse outside the lock
    std::lock_guard lock(mutex);
    return by_key.emplace(key, std::move(signer)).first->second;
  }
};

// What the senders feed (docs/operations.md). The backlog is read from the store at scrape time
// instead (backlog.hpp): every node can report it, lease or not.
struct Dispatcher::Metrics {
  explicit Metrics(metrics::Registry& r)
      : attempts(r.counters("tender_webhook_attempts_total",
                            "Webhook and success-callback delivery attempts by outcome: accepted (2xx), refused (another "
                            "HTTP status) or unreachable (no HTTP answer: connection, TLS, timeout, address policy).",
                            {"outcome"})),
        deliveries(r.counters("tender_webhook_deliveries_finished_total",
                              "Deliveries finished for good: delivered, or failed (given up after the attempts or the "
                              "delivery window, or the webhook was deleted).",
                              {"outcome"})),
        accepted(attempts.with({"accepted"})),
        refused(attempts.with({"refused"})),
        unreachable(attempts.with({"unreachable"})),
        delivered(deliveries.with({"delivered"})),
        failed(deliveries.with({"failed"})),
        duration(r.histogram("tender_webhook_attempt_duration_seconds", "Time of one delivery attempt (the HTTP POST).",
                             metrics::latency_buckets())) {}
  metrics::Family<metrics::Counter>& attempts;
  metrics::Family<metrics::Counter>& deliveries;
  metrics::Counter& accepted;
  metrics::Counter& refused;
  metrics::Counter& unreachable;
  metrics::Counter& delivered;
  metrics::Counter& failed;
  metrics::Histogram& duration;
};

Dispatcher::Dispatcher(store::Store& store, const engine::Clock& clock, engine::Accounts& accounts,
                       WebhookCommands& webhooks, EventRenderer render, DispatcherOptions options)
    : store_(store),
      clock_(clock),
      accounts_(accounts),
      webhooks_(webhooks),
      render_(std::move(render)),
      options_(options),
      signers_(std::make_unique<Signers>()),
      metrics_(std::make_unique<Metrics>(options.metrics ? *options.metrics : metrics::Registry::discard())) {
  TENDER_ASSERT(options_.senders >= 1 && options_.senders <= 256, "webhook_senders_bounded", "dispatcher.cpp");
  TENDER_ASSERT(options_.fanout_batch >= 1 && options_.fanout_batch <= 1000, "webhook_fanout_bounded", "dispatcher.cpp");
  if (options_.node_id.empty()) options_.node_id = "node-" + engine::new_id();
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  init_http_client();
  scheduler_ = std::thread([this] { run_scheduler(); });
  for (std::size_t i = 0; i < options_.senders; ++i) senders_.emplace_back([this] { run_sender(); });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  wake_cv_.notify_all();
  work_cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  for (auto& t : senders_) t.join();
  senders_.clear();
  if (leader_.exchange(false)) {
    try {
      store_.release_lease(kLeaseName, options_.node_id);  // another node takes over at once
    } catch (const std::exception& e) {
      spdlog::warn("webhooks: cannot release the lease (it expires by itself): {}", e.what());
    }
  }
}

void Dispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_cv_.notify_all();
}

DispatcherStats Dispatcher::stats() const {
  std::lock_guard lock(mutex_);
  return DispatcherStats{attempts_.load(), delivered_.load(), failed_.load(), queue_.size(), cursor_, leader_.load()};
}

std::int64_t Dispatcher::resend_counter() { return counter_of(store_.read()->get(kDispatcherStateKind, kResendsId)); }

void Dispatcher::drop_schedule() {
  std::lock_guard lock(mutex_);
  // Jobs handed out but not yet picked up by a sender are not in flight: drop them too.
  busy_senders_ -= jobs_.size();
  jobs_.clear();
  // Attempts in flight finish against the new (empty) queue, where finish() ignores them.
  queue_ = DeliveryQueue{};
  resend_after_flight_.clear();
}

bool Dispatcher::keep_lease(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - lease_checked_ < std::chrono::milliseconds(options_.lease_renew_ms)) return leader_;
  lease_checked_ = now;
  bool held = false;
  try {
    held = store_.acquire_lease(kLeaseName, options_.node_id, options_.lease_ttl_ms);
  } catch (const std::exception& e) {
    // Unsure: stop sending; the lease expires and whoever can reach the store takes it.
    spdlog::error("webhooks: cannot renew the dispatch lease: {}", e.what());
  }
  if (held && !leader_) {
    drop_schedule();
    try {
      seen_resends_ = resend_counter();
      load_pending();
      leader_ = true;
      spdlog::info("webhooks: node {} holds the dispatch lease", options_.node_id);
    } catch (const std::exception& e) {
      spdlog::error("webhooks: cannot load pending deliveries, retrying: {}", e.what());
      drop_schedule();
      lease_checked_ = {};  // try again on the next round
    }
  } else if (!held && leader_) {
    leader_ = false;
    drop_schedule();
    spdlog::warn("webhooks: node {} lost the dispatch lease; stops scheduling deliveries", options_.node_id);
  }
  return leader_;
}

void Dispatcher::load_pending() {
  auto view = store_.read();
  const std::int64_t cursor = outbox_cursor(view->get(kDispatcherStateKind, kOutboxCursorId));
  store::ListQuery q;
  q.kind = kDeliveryKind;
  q.all_companies = true;
  q.statuses = {std::string(to_string(DeliveryStatus::pending))};
  q.limit = kLoadPage;
  std::size_t loaded = 0;
  for (;;) {
    auto rows = view->list(q);
    {
      std::lock_guard lock(mutex_);
      for (const auto& r : rows) queue_.add(entry_of(delivery_from_record(r)));
    }
    loaded += rows.size();
    if (rows.size() < kLoadPage) break;
    q.after_created_on = rows.back().created_on;
    q.after_id = rows.back().id;
  }
  std::lock_guard lock(mutex_);
  cursor_ = cursor;
  if (loaded > 0) spdlog::info("webhooks: {} pending deliveries resumed, outbox cursor {}", loaded, cursor);
}

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
  auto purchase = engine::purchase_from_storage(bj::parse(e.payload).as_object());
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
  for (const auto& d : created) queue_.add(entry_of(d));
  return events.size() == options_.fanout_batch;
}

void Dispatcher::run_scheduler() {
  auto last_fanout = std::chrono::steady_clock::time_point{};
  const auto poll = std::chrono::milliseconds(options_.poll_interval_ms);
  bool more = false;
  bool woken = false;
  while (!stopping_) {
    const bool lead = keep_lease(false);
    if (lead && (more || woken || std::chrono::steady_clock::now() - last_fanout >= poll)) {
      try {
        // A resend made on another node: load it (with every other pending delivery).
        if (const auto resends = resend_counter(); resends != seen_resends_) {
          seen_resends_ = resends;
          load_pending();
        }
        more = fan_out();
      } catch (const std::exception& e) {
        spdlog::error("webhooks: fan-out failed, retrying: {}", e.what());
        more = false;
      }
      last_fanout = std::chrono::steady_clock::now();
    }
    std::unique_lock lock(mutex_);
    const std::size_t free = options_.senders - busy_senders_;
    if (lead && leader_ && free > 0) {
      auto due = queue_.take_due(clock_.now_seconds(), free);
      busy_senders_ += due.size();
      for (auto& e : due) jobs_.push_back(std::move(e));
      if (!due.empty()) work_cv_.notify_all();
    }
    woken = woken_;
    woken_ = false;
    if (!more && !woken && !kick_) {
      wake_cv_.wait_for(lock, poll, [&] { return stopping_ || woken_ || kick_; });
      woken = woken_;
      woken_ = false;
    }
    kick_ = false;
  }
}

void Dispatcher::run_sender() {
  HttpSender sender(options_.policy, options_.limits);
  for (;;) {
    DeliveryQueue::Entry entry;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      entry = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::optional<std::int64_t> next_due;
    try {
      next_due = attempt(entry, sender);
    } catch (const std::exception& e) {
      spdlog::error("webhooks: delivery {} failed internally, retrying: {}", entry.delivery_id, e.what());
      next_due = clock_.now_seconds() + kErrorRetrySeconds;
    }
    {
      std::lock_guard lock(mutex_);
      // A resend that arrived during the attempt wins: due now.
      if (resend_after_flight_.erase(entry.delivery_id)) next_due = clock_.now_seconds();
      if (!leader_) next_due.reset();  // lost the lease: the next holder schedules it
      queue_.finish(entry.delivery_id, next_due);
      --busy_senders_;
      kick_ = true;
    }
    wake_cv_.notify_all();
  }
}

std::optional<std::int64_t> Dispatcher::attempt(const DeliveryQueue::Entry& entry, HttpSender& sender) {
  std::optional<Delivery> d;
  std::optional<Webhook> webhook;
  {
    auto view = store_.read();
    if (auto r = view->get(kDeliveryKind, entry.delivery_id)) d = delivery_from_record(*r);
    if (d && !d->webhook_id.empty()) webhook = WebhookCommands::find(*view, d->company_id, d->webhook_id);
  }
  if (!d || d->status != DeliveryStatus::pending) return std::nullopt;

  const std::int64_t started_at = clock_.now_seconds();
  std::string give_up;
  if (started_at > d->give_up_at) give_up = "given up: the delivery window (36 h after the event) has passed";
  else if (static_cast<int>(d->attempts.size()) >= d->max_attempts) give_up = "given up: no attempts left";
  else if (!d->webhook_id.empty() && !webhook) give_up = "the webhook was deleted";

  std::string url = webhook ? webhook->callback : d->url;
  std::shared_ptr<const crypto::RsaSigner> signer;
  if (give_up.empty()) {
    if (webhook) {
      signer = signers_->get("webhook:" + webhook->id, [&] { return webhooks_.private_key_pem(*webhook); });
    } else {
      signer = signers_->get("company:" + d->company_id, [&] {
        auto company = accounts_.company(d->company_id);
        if (!company) throw std::runtime_error("company " + d->company_id + " not found");
        return accounts_.company_private_key_pem(*company);
      });
    }
  }

  SendResult result;
  if (give_up.empty()) {
    SendRequest request{url, d->payload, signer->sign_base64(d->payload), d->event_type, d->id, d->is_test, &stopping_};
    result = sender.post(request);
    if (result.cancelled) return entry.due_at;  // shutting down: not an attempt, made again after restart
    attempts_.fetch_add(1);
    (result.delivered() ? metrics_->accepted : result.status_code ? metrics_->refused : metrics_->unreachable).inc();
    metrics_->duration.observe(static_cast<double>(result.duration_ms) / 1000.0);
  }

  const std::int64_t finished_at = clock_.now_seconds();
  std::optional<std::int64_t> next_due;
  DeliveryStatus final_status = DeliveryStatus::pending;
  store_.write([&](store::WriteTxn& tx) {
    next_due.reset();
    auto r = tx.get(kDeliveryKind, entry.delivery_id);
    if (!r) return;
    Delivery cur = delivery_from_record(*r);
    cur.updated_on = finished_at;
    if (!give_up.empty()) {
      cur.status = DeliveryStatus::failed;
      cur.failure_reason = give_up;
    } else {
      cur.attempts.push_back(DeliveryAttempt{started_at, url, result.status_code, result.duration_ms, result.error,
                                             cur.resend_requested});
      cur.resend_requested = false;
      const int made = static_cast<int>(cur.attempts.size());
      TENDER_ASSERT(made <= kMaxStoredAttempts, "delivery_attempts_bounded", "delivery {}: {} attempts", cur.id, made);
      if (result.delivered()) {
        cur.status = DeliveryStatus::delivered;
        cur.delivered_on = finished_at;
      } else if (made >= cur.max_attempts) {
        cur.status = DeliveryStatus::failed;
        cur.failure_reason = "given up after " + std::to_string(made) + " attempts";
      } else if (auto at = next_attempt_at(made, finished_at, cur.give_up_at)) {
        cur.next_attempt_at = *at;
        next_due = *at;
      } else {
        cur.status = DeliveryStatus::failed;
        cur.failure_reason = "given up: the next attempt would fall more than 36 h after the event";
      }
    }
    final_status = cur.status;
    auto record = delivery_record(cur);
    tx.put(record, r->version);
  });
  if (final_status == DeliveryStatus::delivered) {
    delivered_.fetch_add(1);
    metrics_->delivered.inc();
  }
  if (final_status == DeliveryStatus::failed) {
    failed_.fetch_add(1);
    metrics_->failed.inc();
    spdlog::warn("webhooks: delivery {} of {} to {} failed for good", d->id, d->event_type,
                 d->webhook_id.empty() ? "success_callback" : "webhook " + d->webhook_id);
  }
  return next_due;
}

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
      else queue_.add(entry_of(result));
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
