#pragma once
// Test-mode only: what a card network or the invoicing side would do to a purchase, so that
// integrators can rehearse every status (sent, cleared, settled, chargeback) in the sandbox.
// Live objects refuse these operations.
#include <string>

#include "engine/caller.hpp"
#include "engine/clock.hpp"
#include "engine/purchase.hpp"
#include "store/store.hpp"

namespace tender::engine {

class SimulationCommands {
 public:
  SimulationCommands(store::Store& store, Clock& clock);
  // `event`: "send" (invoice sent), "clear", "settle", "chargeback".
  Purchase simulate(const Caller& caller, const std::string& id, const std::string& event);

 private:
  store::Store& store_;
  Clock& clock_;
};

}  // namespace tender::engine
