#include "engine/simulation_commands.hpp"

#include "engine/errors.hpp"
#include "engine/ledger.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/state_machine.hpp"

namespace tender::engine {

SimulationCommands::SimulationCommands(store::Store& store, Clock& clock) : store_(store), clock_(clock) {}

Purchase SimulationCommands::simulate(const Caller& caller, const std::string& id, const std::string& event) {
  Operation op;
  if (event == "send") op = Operation::send;
  else if (event == "clear") op = Operation::clear;
  else if (event == "settle") op = Operation::settle;
  else if (event == "chargeback") op = Operation::chargeback;
  else throw EngineError(ErrorKind::invalid_input, "invalid_choice", "Unknown event; use send, clear, settle or chargeback.", "event");
  if (!caller.is_test) throw EngineError(ErrorKind::invalid_state, "test_mode_only", "Simulations need a test API key.");
  Purchase result;
  store_.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    auto& p = w.purchase();
    if (p.intent.open())
      throw EngineError(ErrorKind::invalid_state, "purchase_simulation_error", "Another operation on this purchase is in progress.");
    auto now = clock_.now_seconds();
    if (!w.allows(op))
      throw EngineError(ErrorKind::invalid_state, "purchase_simulation_error",
                        "'" + event + "' is not possible in status '" + std::string(to_string(p.status)) + "'.");
    w.apply(op, now);
    if (op == Operation::chargeback) {
      std::int64_t amount = p.captured_minor - p.refunded_minor - p.charged_back_minor;
      if (amount > 0) {
        tx.post(chargeback_postings(p, amount, now));
        p.charged_back_minor += amount;
      }
    }
    w.save();
    result = p;
  });
  return result;
}

}  // namespace tender::engine
