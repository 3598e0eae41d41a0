#pragma once
// Runs the engine's time-driven work (its durable timers: dues, hold expiry, subscriptions; and the
// recovery of abandoned acquirer intents) on a background thread at a fixed period. Each pass is bounded by the
// engine; a failing pass is logged and retried.
//
// Several processes on one database (PostgreSQL): a pass runs only while this process holds the
// store's "sweeper" lease (renewed at every pass, ttl lease_ttl_ms), so one node sweeps at a time
// and another takes over within a ttl when it dies. SQLite grants every lease.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "engine/timer_sweep.hpp"
#include "store/store.hpp"

namespace tender::app {

struct SweeperOptions {
  std::chrono::milliseconds period{500};
  std::string node_id;                 // lease owner
  std::int64_t lease_ttl_ms = 10'000;  // the "sweeper" lease; a pass renews it
  // Recovery of acquirer intents abandoned by a dead node (several nodes on one database):
  // recover(min_age) fails intents pending for at least min_age seconds. Run under the lease
  // before a sweep, when the lease was just taken, when the set of live nodes changed, and
  // every recover_every (it scans every purchase). Empty: nothing, and no heartbeats.
  //
  // An intent is abandoned once it is recover_after_seconds old (longer than any live wait), or
  // sooner once every live node started after it was recorded: no live process can own it. Live
  // nodes are known by heartbeat records (kind "node_heartbeat", one per process, written every
  // 2 s with its start time, judged dead after 8 s of silence; by the clock below).
  std::function<void(std::int64_t min_age)> recover;
  std::int64_t recover_after_seconds = 0;
  const engine::Clock* clock = nullptr;  // required with recover and housekeeping
  std::chrono::milliseconds recover_every{30'000};
  // Bounded upkeep that no request waits for (purging expired idempotency records): run under
  // the lease on the first pass and whenever `clock` moved housekeeping_every_seconds since
  // the last run (so a test clock moved by a day runs it at the next pass). Needs `clock`.
  std::function<void()> housekeeping;
  std::int64_t housekeeping_every_seconds = 60;
};

class Sweeper {
 public:
  Sweeper(engine::TimerSweep& timers, store::Store& store, SweeperOptions options);
  ~Sweeper();  // stops, joins and gives the lease up
  void wake();  // run a pass now (e.g. after the test clock moved)
  // This node's start (clock seconds), as its heartbeats tell: the second after construction, so
  // that an intent recorded in the second of the start is known to be older. The process must
  // record no intent before then (Application waits for it before serving).
  std::int64_t started() const { return started_; }
  // For the metrics: seconds since the loop last finished a pass without an error (as the leader
  // it swept; otherwise it checked the lease), or since construction before the first. Normally
  // under the period plus a pass; growing means the sweeper is stuck or failing.
  double seconds_since_last_pass() const;
  bool leader() const { return leader_.load(std::memory_order_relaxed); }

 private:
  void loop();
  bool hold_lease();
  void heartbeat();
  void maybe_recover();
  void maybe_housekeep();
  engine::TimerSweep& timers_;
  store::Store& store_;
  SweeperOptions options_;
  std::atomic<bool> leader_{false};  // written by the loop thread only
  std::optional<std::int64_t> housekept_at_;  // clock seconds; loop thread only
  std::chrono::steady_clock::time_point recovered_at_{};  // loop thread only
  std::chrono::steady_clock::time_point beat_at_{};
  std::atomic<std::chrono::steady_clock::rep> last_pass_{std::chrono::steady_clock::now().time_since_epoch().count()};
  std::int64_t started_ = 0;           // clock seconds
  std::int64_t recovered_min_start_ = -1;  // the live nodes' earliest start at the last recovery
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace tender::app
