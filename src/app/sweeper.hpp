#pragma once
// Runs the engine's time-driven work (dues → overdue/expired, hold expiry) on a background thread
// at a fixed period. Each pass is bounded by the engine; a failing pass is logged and retried.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/lifecycle_commands.hpp"

namespace tender::app {

class Sweeper {
 public:
  Sweeper(engine::LifecycleCommands& lifecycle, std::chrono::milliseconds period);
  ~Sweeper();  // stops and joins
  void wake();  // run a pass now (e.g. after the test clock moved)

 private:
  void loop();
  engine::LifecycleCommands& lifecycle_;
  std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace tender::app
