#include "engine/lifecycle_commands.hpp"

#include "engine/errors.hpp"
#include "engine/operation_guard.hpp"

namespace tender::engine {

LifecycleCommands::LifecycleCommands(EngineServices& services, AcquirerCalls& calls)
    : services_(services), calls_(calls) {}

std::int64_t checked_amount(std::optional<std::int64_t> requested, std::int64_t limit, const char* what) {
  std::int64_t amount = requested.value_or(limit);
  if (amount <= 0) throw EngineError(ErrorKind::invalid_input, "min_value", "Amount must be greater than 0.", "amount");
  if (amount > limit)
    throw EngineError(ErrorKind::invalid_input, "max_value",
                      std::string("Amount exceeds the ") + what + " amount (" + std::to_string(limit) + ").", "amount");
  return amount;
}

Purchase LifecycleCommands::load(const Caller& caller, const std::string& id) {
  return read_purchase(services_.store, caller, id);
}

Purchase LifecycleCommands::follow_up(const Caller& caller, const std::string& id, const std::string& error_code,
                                      const OpenIntent& open, CallConnector call) {
  auto pick = [&](const Purchase& p) -> connectors::Connector& {
    auto* connector = services_.connector_of(p);
    if (!connector)
      throw EngineError(ErrorKind::invalid_state, error_code, "The acquirer that holds this payment is not configured.");
    return *connector;
  };
  auto guarded = [&](PurchaseWriter& w, Intent& intent) {
    refuse_if_busy(w.purchase(), ErrorKind::invalid_state, error_code);
    open(w, intent);
  };
  auto result = calls_.run_follow_up(caller, id, pick, guarded, std::move(call));
  if (result.outcome && !result.outcome->approved)
    throw EngineError(ErrorKind::invalid_state, error_code,
                      result.outcome->message.empty() ? "The acquirer refused the operation." : result.outcome->message);
  return result.purchase;
}

}  // namespace tender::engine
