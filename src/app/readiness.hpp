#pragma once
// GET /readyz: whether this node should be sent traffic, as opposed to /healthz (the process
// answers HTTP at all: liveness). Ready only when a read of the store works (a round trip to the
// database, through the reader pool requests use) and the schema is exactly the version this
// build migrates to. 200 {"status":"ready"}; otherwise 503 {"status":"not_ready","reason":…}.
// The reason is a fixed phrase; the store's own error goes to the log, once per change of state.
#include <atomic>

#include "http/message.hpp"
#include "store/store.hpp"

namespace tender::app {

class Readiness {
 public:
  explicit Readiness(store::Store& store) : store_(store) {}
  http::Response answer();

 private:
  store::Store& store_;
  std::atomic<int> last_state_{-1};  // -1 unknown, 0 not ready, 1 ready: logs only the changes
};

}  // namespace tender::app
