#pragma once
// The refusals every operation on a purchase shares, before its own rules: another operation is
// open at the acquirer (the intent is the purchase's lock), or the purchase has taken its last
// attempt (kMaxAttempts keeps a purchase's document bounded).
#include <string>

#include "engine/errors.hpp"
#include "engine/purchase.hpp"

namespace tender::engine {

// Throws EngineError(kind, code) when an intent is open or no attempt is left.
void refuse_if_busy(const Purchase& purchase, ErrorKind kind, const std::string& code);
// Throws EngineError(invalid_state, code) when the purchase has taken kMaxAttempts attempts.
void refuse_if_no_attempt_left(const Purchase& purchase, const std::string& code);

}  // namespace tender::engine
