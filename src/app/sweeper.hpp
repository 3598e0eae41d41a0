#pragma once
// Runs the engine's time-driven work (dues → overdue/expired, hold expiry, recovery of abandoned
// acquirer intents) on a background thread at a fixed period. Each pass is bounded by the
// engine; a failing pass is logged and retried.
//
// Several processes on one database (PostgreSQL): a pass runs only while this process holds the
// store's "sweeper" lease (renewed at every pass, ttl lease_ttl_ms), so one node sweeps at a time
// and another takes over within a ttl when it dies. SQLite grants every lease.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "engine/lifecycle_commands.hpp"
#include "store/store.hpp"

namespace tender::app {

struct SweeperOptions {
  std::chrono::milliseconds period{500};
  std::string node_id;                 // lease owner
  std::int64_t lease_ttl_ms = 10'000;  // the "sweeper" lease; a pass renews it
  // Run under the lease before a sweep, when the lease was just taken and then every
  // recover_every (it scans every purchase): recovery of intents abandoned by a dead node.
  // Empty: nothing.
  std::function<void()> recover;
  std::chrono::milliseconds recover_every{30'000};
};

class Sweeper {
 public:
  Sweeper(engine::LifecycleCommands& lifecycle, store::Store& store, SweeperOptions options);
  ~Sweeper();  // stops, joins and gives the lease up
  void wake();  // run a pass now (e.g. after the test clock moved)

 private:
  void loop();
  bool hold_lease();
  engine::LifecycleCommands& lifecycle_;
  store::Store& store_;
  SweeperOptions options_;
  bool leader_ = false;  // loop thread only
  std::chrono::steady_clock::time_point recovered_at_{};  // loop thread only
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace tender::app
