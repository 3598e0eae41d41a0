#include "webhooks/dispatcher.hpp"
#include "util/invariant.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "crypto/rsa_key.hpp"
#include "engine/ids.hpp"
#include "util/thread_priority.hpp"
#include "webhooks/outbox_retention.hpp"
#include "webhooks/retry_schedule.hpp"

namespace tender::webhooks {

namespace {

// DispatcherOptions::concurrent_signatures, 0 resolved to the number of cores (at least one).
std::ptrdiff_t signature_slots(std::size_t configured) {
  std::size_t slots = configured != 0 ? configured : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<std::ptrdiff_t>(std::min<std::size_t>(slots, Dispatcher::kMaxConcurrentSignatures));
}

constexpr const char* kLeaseName = "webhooks";
constexpr std::int64_t kErrorRetrySeconds = 30;      // after an internal error (store, key)
constexpr std::size_t kLoadPage = 1000;

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
      signing_(signature_slots(options_.concurrent_signatures)),
      metrics_(std::make_unique<Metrics>(options.metrics ? *options.metrics : metrics::Registry::discard())) {
  TENDER_ASSERT(options_.senders >= 1 && options_.senders <= 256, "webhook_senders_bounded", "dispatcher.cpp");
  TENDER_ASSERT(options_.sender_nice >= 0 && options_.sender_nice <= 19, "webhook_sender_nice_bounded", "{}",
                options_.sender_nice);
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
      for (const auto& r : rows) queue_.add(queue_entry(delivery_from_record(r)));
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
  util::lower_this_thread_priority(options_.sender_nice);
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
    signing_.acquire();
    std::string signature;
    try {
      signature = signer->sign_base64(d->payload);
    } catch (...) {
      signing_.release();
      throw;
    }
    signing_.release();
    SendRequest request{url, d->payload, std::move(signature), d->event_type, d->id, d->is_test, &stopping_};
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

}  // namespace tender::webhooks
