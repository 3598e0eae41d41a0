#pragma once
// How long an outbox event is kept. An event is the dispatcher's input: once it has been fanned
// out into deliveries (each delivery keeps its own rendered payload) nothing reads it again, so it
// is deleted after a retention window, for inspection by an operator. The database then grows with
// purchases, not with events (two to four events per paid purchase, each a full snapshot).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/clock.hpp"
#include "store/store.hpp"

namespace tender::webhooks {

inline constexpr std::int64_t kOutboxRetentionSeconds = 3600;

// The durable fan-out cursor: the last outbox seq turned into deliveries (0: none yet).
inline constexpr const char* kDispatcherStateKind = "dispatcher_state";
inline constexpr const char* kOutboxCursorId = "outbox_cursor";
std::int64_t outbox_cursor(const std::optional<store::Record>& cursor_record);

// Deletes up to `limit` events at or before the fan-out cursor and older than the retention window
// by `clock`; returns how many. Run by the sweeper under its lease.
std::size_t purge_fanned_out_events(store::Store& store, const engine::Clock& clock, std::size_t limit);

}  // namespace tender::webhooks
