#pragma once
// Which command fires each type of durable timer (engine/timers.hpp), in one place: the
// application and the engine's tests build their TimerSweep with it.
#include "engine/billing/billing_commands.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/payment_commands.hpp"
#include "engine/timer_sweep.hpp"

namespace tender::app {

void register_timers(engine::TimerSweep& sweep, engine::LifecycleCommands& lifecycle,
                     engine::billing::BillingCommands& billing, engine::PaymentCommands& payments);

}  // namespace tender::app
