// The clock's operations: a purchase past its due time becomes overdue (or expired when the due
// time is strict), and a hold not captured in time is released.
#include "engine/lifecycle_commands.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

namespace {

constexpr std::int64_t kBusyRetrySeconds = 5;

// One due timer: overdue or expired when the table allows it; re-armed while an operation is open.
bool fire_due(store::Store& store, const Timer& t, std::int64_t now) {
  bool changed = false;
  store.write([&](store::WriteTxn& tx) {
    auto p = find_purchase(tx, t.object_id);
    const Caller caller = p ? system_caller(*p) : Caller{t.company_id, true, ""};
    if (p && p->intent.open()) {
      arm_timer(tx, *p, t.type, now + kBusyRetrySeconds);  // an operation is in flight: try again soon
      return;
    }
    disarm_timer(tx, t.object_id, t.type);
    if (!p) return;
    PurchaseWriter w(tx, caller, t.object_id);
    const Operation op = p->due_strict ? Operation::expire : Operation::become_overdue;
    if (!w.allows(op)) return;  // paid, cancelled... in the meantime
    w.apply(op, now);
    w.save();
    changed = true;
  });
  return changed;
}

}  // namespace

bool LifecycleCommands::fire_timer(const Timer& t, std::int64_t now) {
  if (t.type == "due") return fire_due(services_.store, t, now);
  std::optional<Purchase> p;
  {
    auto view = services_.store.read();
    p = find_purchase(*view, t.object_id);
  }
  if (p && p->intent.open()) {
    // A capture or release is at the acquirer; if it is declined the hold must still expire.
    services_.store.write([&](store::WriteTxn& tx) { arm_timer(tx, *p, t.type, now + kBusyRetrySeconds); });
    return false;
  }
  if (!p || !is_releasable(p->status)) {
    services_.store.write([&](store::WriteTxn& tx) { disarm_timer(tx, t.object_id, t.type); });
    return false;
  }
  release(system_caller(*p), t.object_id);  // a failure leaves the timer armed: retried at the next sweep
  return true;
}

}  // namespace tender::engine
