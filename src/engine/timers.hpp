#pragma once
// Durable timers: "do X to purchase P at time T" (due → overdue/expired, hold expiry). Stored as
// records of kind "timer" whose created_on is the firing time and status "armed", so the sweeper
// finds due timers through the (kind, status, created_on) index without scanning purchases.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/purchase.hpp"
#include "store/store.hpp"

namespace tender::engine {

inline constexpr const char* kTimerKind = "timer";

struct Timer {
  std::string id;           // "<purchase id>:<type>", so re-arming replaces
  std::string purchase_id;
  std::string company_id;
  std::string type;         // "due", "hold_expiry"
  std::int64_t fires_at = 0;
};

void arm_timer(store::WriteTxn& tx, const Purchase& purchase, const std::string& type, std::int64_t fires_at);
void disarm_timer(store::WriteTxn& tx, const std::string& purchase_id, const std::string& type);
std::vector<Timer> due_timers(store::ReadView& view, std::int64_t now, std::size_t limit);

}  // namespace tender::engine
