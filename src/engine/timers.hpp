#pragma once
// Durable timers: "do X to object O at time T" (a purchase's due time and hold expiry, a
// subscriber's next billing, a subscription purchase's charge). Stored as records of kind "timer"
// whose created_on is the firing time and status "armed", so the sweeper finds due timers through
// the (kind, status, created_on) index without scanning purchases. What fires a timer of
// each type is registered with a TimerSweep (timer_sweep.hpp). A hold's expiry timer is not
// removed when the hold is captured: it fires, finds no hold, and removes itself (capture.cpp).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/purchase.hpp"
#include "store/store.hpp"

namespace tender::engine {

inline constexpr const char* kTimerKind = "timer";

struct Timer {
  std::string id;           // "<object id>:<type>", so re-arming replaces
  std::string object_id;    // the purchase (or subscriber) it acts on
  std::string company_id;
  std::string type;         // "due", "hold_expiry", "subscription_billing", "subscription_charge"
  std::int64_t fires_at = 0;
};

void arm_timer(store::WriteTxn& tx, const std::string& object_id, const std::string& company_id,
               const std::string& type, std::int64_t fires_at);
inline void arm_timer(store::WriteTxn& tx, const Purchase& p, const std::string& type, std::int64_t fires_at) {
  arm_timer(tx, p.id, p.company_id, type, fires_at);
}
void disarm_timer(store::WriteTxn& tx, const std::string& object_id, const std::string& type);
std::vector<Timer> due_timers(store::ReadView& view, std::int64_t now, std::size_t limit);

}  // namespace tender::engine
