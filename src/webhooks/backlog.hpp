#pragma once
// How far webhook delivery is behind, for the metrics (docs/operations.md): read from the store,
// so every node reports the same whichever holds the dispatch lease. Two bounded reads of one row
// each (an index range), cheap enough for every scrape.
#include <cstdint>
#include <optional>

#include "store/store.hpp"

namespace tender::webhooks {

// The creation time (clock seconds) of the oldest event not yet delivered everywhere it goes:
// the event of the oldest pending delivery (retries and resends included), or the oldest outbox
// event the dispatcher has not fanned out yet, whichever is older. nullopt: nothing is waiting.
std::optional<std::int64_t> oldest_undelivered_event(store::ReadView& view);

}  // namespace tender::webhooks
