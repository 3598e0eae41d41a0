#include "engine/timer_sweep.hpp"

#include <spdlog/spdlog.h>

#include "util/invariant.hpp"

namespace tender::engine {

void TimerSweep::on(const std::string& type, Handler handler) {
  TENDER_ASSERT(!handlers_.contains(type), "timer_handler_unique", "two handlers for timer type {}", type);
  handlers_.emplace(type, std::move(handler));
}

std::size_t TimerSweep::sweep() {
  const std::int64_t now = clock_.now_seconds();
  std::vector<Timer> timers;
  {
    auto view = store_.read();
    timers = due_timers(*view, now, kTimersPerSweep);
  }
  std::size_t changed = 0;
  for (const auto& t : timers) {
    auto handler = handlers_.find(t.type);
    TENDER_ASSERT(handler != handlers_.end(), "timer_type_handled", "timer {} of unknown type {}", t.id, t.type);
    try {
      changed += handler->second(t, now) ? 1 : 0;
    } catch (const std::exception& e) {
      // Left armed: the next sweep tries again.
      spdlog::warn("timer {} failed: {}; retried at the next sweep", t.id, e.what());
    }
  }
  return changed;
}

}  // namespace tender::engine
