#pragma once
// The outbox's consumer in the simulation: what the webhook dispatcher's fan-out does to the
// outbox (webhooks/dispatcher_fan_out.cpp), minus the deliveries: it reads the events after its
// durable cursor, keeps what it saw, and moves the cursor (kDispatcherStateKind/kOutboxCursorId,
// the record the retention sweep reads) in one write that the fault store may fail or crash. It is
// called by the driver at chosen steps so that events wait in the outbox while the clock moves past
// the retention window and the purge runs: an event purged before it was consumed shows as a gap.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/status.hpp"
#include "store/store.hpp"

namespace tender::sim {

struct SeenEvent {
  std::int64_t seq = 0;
  std::string type;
  std::string status;  // the purchase snapshot's status
};

class OutboxConsumer {
 public:
  // Reads every event after the durable cursor, then moves the cursor. Returns problems found
  // (a gap in the sequence: an event lost before it was consumed).
  std::vector<std::string> consume(store::Store& store);
  // After a restart: the in-memory cursor is gone, the durable one remains.
  void restart() { loaded_ = false; }
  // Something may have been written since the last consume(): drained() is false until the next.
  void stale() { drained_ = false; }
  // Events seen per purchase, in seq order, each once (a crash may make it read some again).
  const std::map<std::string, std::vector<SeenEvent>>& seen() const { return by_object_; }
  std::int64_t cursor() const { return cursor_; }
  // True when the last consume() read to the end of the outbox and committed its cursor.
  bool drained() const { return drained_; }

 private:
  std::int64_t cursor_ = 0;
  bool loaded_ = false;
  bool drained_ = false;
  std::int64_t highest_seen_ = 0;
  std::map<std::string, std::vector<SeenEvent>> by_object_;
};

}  // namespace tender::sim
