#pragma once
// Delivers outbox events. A scheduler thread fans each new outbox event out into delivery
// records (one per destination: every webhook of the company listening to the event, and the
// purchase's success_callback for paid/captured) in one transaction with the durable outbox
// cursor, then hands due deliveries to a fixed pool of sender threads. Each attempt is written
// back before the next one of its queue may start (see delivery_queue.hpp for the order rule,
// retry_schedule.hpp for the timing). Everything the dispatcher knows is in the store, so a
// restart (even after kill -9) carries on where it stopped; an attempt cut off by the crash is
// made again (at-least-once delivery, as the seed warns receivers).
//
// Several processes on one database (PostgreSQL): only the holder of the store's "webhooks"
// lease fans out and sends. The scheduler renews it every lease_renew_ms; a node that takes it
// over loads every pending delivery of the store (a dead holder's included) and the cursor; a
// node that loses it drops its schedule (attempts in flight finish and are recorded). A resend
// made on another node is announced through a counter in the store, which makes the holder
// reload the pending deliveries. SQLite grants every lease, so a lone process always holds it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "engine/accounts.hpp"
#include "metrics/registry.hpp"
#include "engine/clock.hpp"
#include "store/store.hpp"
#include "webhooks/delivery.hpp"
#include "webhooks/delivery_queue.hpp"
#include "webhooks/http_sender.hpp"
#include "webhooks/webhook_commands.hpp"

namespace tender::webhooks {

// Turns an outbox event into the exact body to send to one kind of destination ("webhook" or
// kSuccessCallbackDestination): a dialect's JSON of the object plus "event_type". Webhooks are a
// Collect feature; a success callback may be shaped by the dialect that created the purchase.
// Called on the scheduler thread.
using EventRenderer = std::function<std::string(const store::OutboxEvent& event, std::string_view destination)>;

struct DispatcherOptions {
  // Concurrent deliveries. Each sender waits for its attempt's commit, so the delivery rate is
  // bounded by senders / (sign + POST + commit wait): with 32, S2S payments with webhook_url at
  // full load outran their deliveries and the backlog grew by ~600/s (bench/, s2s_hook); with 64
  // the deliveries keep up with the payments (the 201 rate gives up the CPU the signatures take).
  std::size_t senders = 64;
  // The senders' nice value (util/thread_priority.hpp) and how many sign at once (0: one per
  // core). A priority is a share per thread: since the payment handlers run as fibers on two I/O
  // threads, 64 senders signing at nice 4 outweighed those two threads thirteen to one, and S2S with
  // webhook_url fell to 1,600-2,000/s with p99 at half rate 47-108 ms (bench/, s2s_hook). At nice
  // 19, with at most one signature per core, requests take the CPU first and deliveries take what
  // they leave: 3,260-3,710 payments/s, p99 at half rate 19-23 ms; under full load the deliveries
  // queue (0.3x the 201 rate) and drain afterwards at the sign rate of one core (0.98-1.03x).
  // One signature at a time kept the p99 but drained at 0.63x; two at nice 4 kept up but p99 44 ms.
  int sender_nice = 19;
  std::size_t concurrent_signatures = 0;
  std::uint32_t poll_interval_ms = 100;     // how often the outbox is read when idle
  std::size_t fanout_batch = 256;           // outbox events per fan-out transaction
  std::size_t max_pending = 1'000'000;      // fan-out pauses above this many pending deliveries
  AddressPolicy policy;
  SendLimits limits;
  std::string node_id;                      // lease owner; empty: a random id per dispatcher
  std::int64_t lease_ttl_ms = 10'000;       // the "webhooks" lease
  std::uint32_t lease_renew_ms = 3'000;     // renewed this often by the scheduler thread
  metrics::Registry* metrics = nullptr;     // attempts and their outcomes (docs/operations.md); null: none
};

struct DispatcherStats {
  std::uint64_t attempts = 0;
  std::uint64_t delivered = 0;
  std::uint64_t failed = 0;
  std::size_t pending = 0;
  std::int64_t outbox_cursor = 0;
  bool leader = false;  // holds the "webhooks" lease
};

// A delivery's place in the send queue.
inline DeliveryQueue::Entry queue_entry(const Delivery& d) {
  return DeliveryQueue::Entry{d.id, d.queue_key(), d.event_seq, d.next_attempt_at};
}

class Dispatcher {
 public:
  static constexpr std::ptrdiff_t kMaxConcurrentSignatures = 256;
  Dispatcher(store::Store& store, const engine::Clock& clock, engine::Accounts& accounts,
             WebhookCommands& webhooks, EventRenderer render, DispatcherOptions options);
  ~Dispatcher();  // stop()
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // Aborts transfers in progress (they are not recorded and will be made again) and joins.
  void stop();
  // Re-checks due deliveries now (after the test clock moved, or a resend).
  void wake();

  // Sends a delivery again: a pending one is made due now (still behind earlier events of its
  // queue); a delivered or failed one gets one more attempt, made now. Throws EngineError
  // not_found for another company's delivery or one that is not of `webhook_id` (when given).
  Delivery resend(const std::string& company_id, const std::string& delivery_id, const std::string& webhook_id);

  DispatcherStats stats() const;

 private:
  struct Signers;
  struct Metrics;
  void run_scheduler();
  void run_sender();
  void load_pending();
  // Renews or takes the lease when due; on a change, loads or drops the schedule. True when held.
  bool keep_lease(bool force);
  void drop_schedule();
  std::int64_t resend_counter();
  bool fan_out();  // true when the outbox had a full batch (more is waiting)
  // Makes one attempt and records it; the entry's next due time, or nullopt when it is done.
  std::optional<std::int64_t> attempt(const DeliveryQueue::Entry& entry, HttpSender& sender);
  std::vector<Delivery> destinations(const store::OutboxEvent& event, std::int64_t now,
                                     std::vector<Webhook>& company_webhooks);

  store::Store& store_;
  const engine::Clock& clock_;
  engine::Accounts& accounts_;
  WebhookCommands& webhooks_;
  EventRenderer render_;
  DispatcherOptions options_;
  std::unique_ptr<Signers> signers_;
  std::counting_semaphore<kMaxConcurrentSignatures> signing_;  // DispatcherOptions::concurrent_signatures
  std::unique_ptr<Metrics> metrics_;

  mutable std::mutex mutex_;
  std::condition_variable wake_cv_;     // scheduler: something changed
  std::condition_variable work_cv_;     // senders: a job is queued
  DeliveryQueue queue_;
  std::deque<DeliveryQueue::Entry> jobs_;
  std::size_t busy_senders_ = 0;
  bool woken_ = false;                  // wake(): read the outbox and due deliveries now
  bool kick_ = false;                   // a sender is free or a resend was queued
  std::unordered_set<std::string> resend_after_flight_;
  std::int64_t cursor_ = 0;
  std::atomic<bool> leader_{false};
  std::chrono::steady_clock::time_point lease_checked_{};
  std::atomic<std::int64_t> seen_resends_{-1};  // resend counter at the last load
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::thread scheduler_;
  std::vector<std::thread> senders_;
  std::atomic<std::uint64_t> attempts_{0}, delivered_{0}, failed_{0};
};

}  // namespace tender::webhooks
