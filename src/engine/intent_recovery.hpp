#pragma once
// Intents left open by a crash (or by a node that died): each is resolved by asking its connector
// what became of the operation (Connector::status, by the intent's id) and recording that answer
// exactly as a live answer would have been recorded (intent_result.hpp): approved → the purchase
// moves on, with its ledger postings and events; declined → the attempt fails with the acquirer's
// reason; unknown (the request never reached the acquirer) → the attempt fails with
// DeclineReason::status_unknown. An operation the acquirer still reports pending stays open.
#include <cstddef>
#include <cstdint>

#include "engine/engine_services.hpp"

namespace tender::engine {

// min_age_seconds > 0: only intents open for at least that long (several nodes share the store
// and a younger one may still be awaited by a live node); 0: all of them (start-up of the store's
// only process). Returns how many intents were closed.
std::size_t recover_intents(const EngineServices& services, std::int64_t min_age_seconds = 0);

}  // namespace tender::engine
