#include "app/sweeper.hpp"

#include <spdlog/spdlog.h>

namespace tender::app {

namespace {
constexpr const char* kLeaseName = "sweeper";
}

Sweeper::Sweeper(engine::LifecycleCommands& lifecycle, store::Store& store, SweeperOptions options)
    : lifecycle_(lifecycle), store_(store), options_(std::move(options)), thread_([this] { loop(); }) {}

Sweeper::~Sweeper() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (leader_) {
    try {
      store_.release_lease(kLeaseName, options_.node_id);
    } catch (const std::exception& e) {
      spdlog::warn("sweeper: cannot release the lease (it expires by itself): {}", e.what());
    }
  }
}

void Sweeper::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool Sweeper::hold_lease() {
  bool held = false;
  try {
    held = store_.acquire_lease(kLeaseName, options_.node_id, options_.lease_ttl_ms);
  } catch (const std::exception& e) {
    spdlog::error("sweeper: cannot renew the lease: {}", e.what());
  }
  if (held != leader_) {
    if (held) {
      spdlog::info("sweeper: node {} holds the sweeper lease", options_.node_id);
      recovered_at_ = {};  // recover at once: the previous holder may have died
    }
    else spdlog::warn("sweeper: node {} lost the sweeper lease", options_.node_id);
    leader_ = held;
  }
  return held;
}

void Sweeper::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    cv_.wait_for(lock, options_.period, [this] { return stop_ || woken_; });
    if (stop_) break;
    woken_ = false;
    lock.unlock();
    try {
      if (hold_lease()) {
        const auto now = std::chrono::steady_clock::now();
        if (options_.recover && (recovered_at_ == std::chrono::steady_clock::time_point{} ||
                                 now - recovered_at_ >= options_.recover_every)) {
          recovered_at_ = now;
          options_.recover();
        }
        // Drain: a pass handles a bounded number of timers; keep going while there is work (and
        // the lease, renewed between rounds: a long drain must not outlive it).
        for (int i = 0; i < 20 && lifecycle_.sweep() > 0 && (i % 5 != 4 || hold_lease()); ++i) {
        }
      }
    } catch (const std::exception& e) {
      spdlog::error("sweep failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace tender::app
