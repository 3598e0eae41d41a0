#include "webhooks/outbox_retention.hpp"

#include <boost/json.hpp>

namespace tender::webhooks {

std::int64_t outbox_cursor(const std::optional<store::Record>& r) {
  if (!r) return 0;
  auto v = boost::json::parse(r->body);
  auto* seq = v.as_object().if_contains("seq");
  return seq && seq->is_int64() ? seq->get_int64() : 0;
}

std::size_t purge_fanned_out_events(store::Store& store, const engine::Clock& clock, std::size_t limit) {
  std::size_t purged = 0;
  const std::int64_t created_before = clock.now_seconds() - kOutboxRetentionSeconds;
  store.write([&](store::WriteTxn& tx) {
    // Read inside the transaction: the cursor only moves forward, and never past an event some
    // transaction could still commit below it (the stores hand out seqs in commit order).
    const std::int64_t cursor = outbox_cursor(tx.get(kDispatcherStateKind, kOutboxCursorId));
    purged = cursor > 0 ? tx.purge_outbox(cursor, created_before, limit) : 0;
  });
  return purged;
}

}  // namespace tender::webhooks
