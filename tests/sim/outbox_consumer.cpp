#include "outbox_consumer.hpp"

#include <boost/json.hpp>

#include "webhooks/outbox_retention.hpp"

namespace tender::sim {

namespace bj = boost::json;

std::vector<std::string> OutboxConsumer::consume(store::Store& store) {
  std::vector<std::string> problems;
  drained_ = false;
  if (!loaded_) {
    cursor_ = webhooks::outbox_cursor(store.read()->get(webhooks::kDispatcherStateKind, webhooks::kOutboxCursorId));
    loaded_ = true;
  }
  constexpr std::size_t kBatch = 256;
  std::int64_t last = cursor_;
  bool more = true;
  while (more) {
    auto events = store.read()->outbox_after(last, kBatch);
    more = events.size() == kBatch;
    for (const auto& e : events) {
      // The SQLite outbox's seq is AUTOINCREMENT and a rolled-back write gives its number back:
      // the committed events are numbered without gaps, so a gap is an event lost.
      if (e.seq != last + 1)
        problems.push_back("outbox: event " + std::to_string(last + 1) + ".." + std::to_string(e.seq - 1) +
                           " missing before it was consumed (cursor " + std::to_string(cursor_) + ")");
      last = e.seq;
      if (e.seq <= highest_seen_) continue;  // read again after a crash lost the cursor's move
      highest_seen_ = e.seq;
      std::string status;
      auto v = bj::parse(e.payload);
      if (auto* s = v.as_object().if_contains("status"); s && s->is_string()) status = std::string(s->get_string());
      by_object_[e.object_id].push_back(SeenEvent{e.seq, e.event_type, status});
    }
  }
  if (last == cursor_) {
    drained_ = true;
    return problems;
  }
  store.write([&](store::WriteTxn& tx) {
    auto state = tx.get(webhooks::kDispatcherStateKind, webhooks::kOutboxCursorId);
    const std::int64_t stored = webhooks::outbox_cursor(state);
    store::Record cursor{webhooks::kDispatcherStateKind, webhooks::kOutboxCursorId, "", "", "", 0, 0,
                         bj::serialize(bj::object{{"seq", std::max(stored, last)}})};
    tx.put(cursor, state ? state->version : 0);
  });
  cursor_ = last;
  drained_ = true;
  return problems;
}

}  // namespace tender::sim
