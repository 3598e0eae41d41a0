#include "app/sweeper.hpp"

#include <spdlog/spdlog.h>

namespace tender::app {

Sweeper::Sweeper(engine::LifecycleCommands& lifecycle, std::chrono::milliseconds period)
    : lifecycle_(lifecycle), period_(period), thread_([this] { loop(); }) {}

Sweeper::~Sweeper() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Sweeper::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Sweeper::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    cv_.wait_for(lock, period_, [this] { return stop_ || woken_; });
    if (stop_) break;
    woken_ = false;
    lock.unlock();
    try {
      // Drain: a pass handles a bounded number of timers; keep going while there is work.
      for (int i = 0; i < 20 && lifecycle_.sweep() > 0; ++i) {
      }
    } catch (const std::exception& e) {
      spdlog::error("sweep failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace tender::app
