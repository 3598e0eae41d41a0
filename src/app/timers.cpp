#include "app/timers.hpp"

namespace tender::app {

void register_timers(engine::TimerSweep& sweep, engine::LifecycleCommands& lifecycle,
                     engine::billing::BillingCommands& billing, engine::PaymentCommands& payments) {
  auto to_lifecycle = [&lifecycle](const engine::Timer& t, std::int64_t now) { return lifecycle.fire_timer(t, now); };
  auto to_billing = [&billing](const engine::Timer& t, std::int64_t now) { return billing.fire_timer(t, now); };
  sweep.on("due", to_lifecycle);
  sweep.on("hold_expiry", to_lifecycle);
  sweep.on(engine::billing::kBillingTimer, to_billing);
  sweep.on(engine::billing::kChargeTimer, to_billing);
  sweep.on(engine::kChallengeExpiryTimer,
           [&payments](const engine::Timer& t, std::int64_t now) { return payments.expire_challenge(t, now); });
}

}  // namespace tender::app
