#pragma once
// The instruments both stores feed (docs/operations.md): how long Store::write takes until the
// work is durable (or refused), and how it ended. The SQLite store adds its group-commit batches
// and queue (sqlite/group_commit.cpp), the PostgreSQL store its retries (postgres/postgres_store.cpp).
#include <chrono>
#include <exception>

#include "metrics/registry.hpp"

namespace tender::store {

class StoreMetrics {
 public:
  // Null: Registry::discard(), so the stores need no test on their hot path.
  explicit StoreMetrics(metrics::Registry* registry);

  // `error`: null when the work committed; else what write() throws: a StoreError counts as an
  // error of the database, anything else (an engine refusal, a version conflict) as refused.
  void write_finished(std::chrono::steady_clock::time_point started, const std::exception_ptr& error);

  metrics::Registry& registry() { return registry_; }

 private:
  metrics::Registry& registry_;
  metrics::Histogram& write_duration_;
  metrics::Counter& committed_;
  metrics::Counter& refused_;
  metrics::Counter& errors_;
};

}  // namespace tender::store
