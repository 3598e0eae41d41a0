// The clock's operations: a purchase past its due time becomes overdue (or expired when the due
// time is strict), and a hold not captured in time is released.
#include <spdlog/spdlog.h>

#include "engine/lifecycle_commands.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

namespace {

constexpr std::int64_t kBusyRetrySeconds = 5;
constexpr std::size_t kTimersPerSweep = 500;

// One due timer: overdue or expired when the table allows it; re-armed while an operation is open.
bool fire_due(store::Store& store, const Timer& t, std::int64_t now) {
  bool changed = false;
  store.write([&](store::WriteTxn& tx) {
    Caller caller{t.company_id, true, ""};
    auto p = load_purchase(tx, caller, t.purchase_id);
    if (p && p->intent.open()) {
      arm_timer(tx, *p, t.type, now + kBusyRetrySeconds);  // an operation is in flight: try again soon
      return;
    }
    disarm_timer(tx, t.purchase_id, t.type);
    if (!p) return;
    PurchaseWriter w(tx, caller, t.purchase_id);
    const Operation op = p->due_strict ? Operation::expire : Operation::become_overdue;
    if (!w.allows(op)) return;  // paid, cancelled... in the meantime
    w.apply(op, now);
    w.save();
    changed = true;
  });
  return changed;
}

}  // namespace

std::size_t LifecycleCommands::sweep() {
  std::size_t changed = 0;
  auto now = services_.clock.now_seconds();
  std::vector<Timer> timers;
  {
    auto view = services_.store.read();
    timers = due_timers(*view, now, kTimersPerSweep);
  }
  for (const auto& t : timers) {
    if (t.type == "due") {
      changed += fire_due(services_.store, t, now) ? 1 : 0;
      continue;
    }
    std::optional<Purchase> p;
    if (t.type == "hold_expiry") {
      auto view = services_.store.read();
      p = find_purchase(*view, t.purchase_id);
    }
    if (p && p->intent.open()) {
      // A capture or release is at the acquirer; if it is declined the hold must still expire.
      services_.store.write([&](store::WriteTxn& tx) { arm_timer(tx, *p, t.type, now + kBusyRetrySeconds); });
      continue;
    }
    if (!p || !is_releasable(p->status)) {
      services_.store.write([&](store::WriteTxn& tx) { disarm_timer(tx, t.purchase_id, t.type); });
      continue;
    }
    try {
      release(system_caller(*p), t.purchase_id);
      ++changed;
    } catch (const std::exception& e) {
      spdlog::warn("hold expiry of purchase {} failed: {}; retried at the next sweep", t.purchase_id, e.what());
    }
  }
  return changed;
}

}  // namespace tender::engine
