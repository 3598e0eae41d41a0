#include "engine/operation_guard.hpp"

namespace tender::engine {

void refuse_if_busy(const Purchase& p, ErrorKind kind, const std::string& code) {
  if (p.intent.open()) {
    if (p.intent.operation == PendingOperation::execute || p.intent.operation == PendingOperation::charge)
      throw EngineError(kind, code, "A payment for this purchase is already being processed.");
    throw EngineError(kind, code,
                      "Another operation (" + std::string(to_string(p.intent.operation)) + ") on this purchase is in progress.");
  }
  refuse_if_no_attempt_left(p, code);
}

void refuse_if_no_attempt_left(const Purchase& p, const std::string& code) {
  if (p.transaction_data.attempts.size() >= kMaxAttempts)
    throw EngineError(ErrorKind::invalid_state, code,
                      "This purchase has reached its limit of " + std::to_string(kMaxAttempts) + " attempts.");
}

}  // namespace tender::engine
