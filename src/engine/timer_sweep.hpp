#pragma once
// The clock's work: every due timer goes to the handler registered for its type (dues and hold
// expiry: LifecycleCommands; subscriptions: billing::BillingCommands). Filled in one place,
// app/timers.cpp. A timer whose type nobody handles is a broken invariant.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "engine/clock.hpp"
#include "engine/timers.hpp"
#include "metrics/registry.hpp"
#include "store/store.hpp"

namespace tender::engine {

class TimerSweep {
 public:
  // Fires one due timer at `now`: re-arms or disarms it in the store. True when it changed something.
  using Handler = std::function<bool(const Timer& timer, std::int64_t now)>;

  // `metrics`: timers fired by type and outcome, and how late the latest sweep found them (null: none).
  TimerSweep(store::Store& store, Clock& clock, metrics::Registry* metrics = nullptr);
  void on(const std::string& type, Handler handler);
  // One pass over at most kTimersPerSweep due timers, oldest first; returns the changes made.
  std::size_t sweep();

  static constexpr std::size_t kTimersPerSweep = 500;

 private:
  store::Store& store_;
  Clock& clock_;
  std::map<std::string, Handler, std::less<>> handlers_;
  metrics::Family<metrics::Counter>& fired_;  // {type, outcome}
  metrics::Gauge& lag_;
};

}  // namespace tender::engine
