#include "engine/timer_sweep.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "util/invariant.hpp"

namespace tender::engine {

TimerSweep::TimerSweep(store::Store& store, Clock& clock, metrics::Registry* metrics)
    : store_(store),
      clock_(clock),
      fired_((metrics ? *metrics : metrics::Registry::discard())
                 .counters("tender_sweeper_timers_total",
                           "Due timers the sweeper handled, by timer type and outcome: changed (acted), unchanged "
                           "(nothing left to do) or failed (left armed for the next sweep).",
                           {"type", "outcome"})),
      lag_((metrics ? *metrics : metrics::Registry::discard())
               .gauge("tender_sweeper_timer_lag_seconds",
                      "How late the most overdue timer was when the latest sweep found it (clock seconds; 0: none "
                      "was due). Grows when the sweeper falls behind or stops.")) {}

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
  std::int64_t lag = 0;
  for (const auto& t : timers) lag = std::max(lag, now - t.fires_at);
  lag_.set(static_cast<double>(lag));
  std::size_t changed = 0;
  for (const auto& t : timers) {
    auto handler = handlers_.find(t.type);
    TENDER_ASSERT(handler != handlers_.end(), "timer_type_handled", "timer {} of unknown type {}", t.id, t.type);
    // The type is one of the registered handlers' (asserted above): a bounded label.
    try {
      const bool did = handler->second(t, now);
      changed += did ? 1 : 0;
      fired_.with({t.type, did ? "changed" : "unchanged"}).inc();
    } catch (const std::exception& e) {
      // Left armed: the next sweep tries again.
      spdlog::warn("timer {} failed: {}; retried at the next sweep", t.id, e.what());
      fired_.with({t.type, "failed"}).inc();
    }
  }
  return changed;
}

}  // namespace tender::engine
