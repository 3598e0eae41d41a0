#include "store/store_metrics.hpp"

#include "store/store_error.hpp"

namespace tender::store {

namespace {

metrics::Family<metrics::Counter>& writes(metrics::Registry& registry) {
  return registry.counters("tender_store_writes_total",
                           "Store writes by outcome: committed (durable), refused (the work threw: an engine refusal, "
                           "a version conflict) or error (the database failed).",
                           {"outcome"});
}

}  // namespace

StoreMetrics::StoreMetrics(metrics::Registry* registry)
    : registry_(registry ? *registry : metrics::Registry::discard()),
      write_duration_(registry_.histograms("tender_store_write_duration_seconds",
                                           "Time a store write takes from the call until its work is durable "
                                           "(queueing, retries and the commit's fsync included).",
                                           metrics::latency_buckets(), {})
                          .with({})),
      committed_(writes(registry_).with({"committed"})),
      refused_(writes(registry_).with({"refused"})),
      errors_(writes(registry_).with({"error"})) {}

void StoreMetrics::write_finished(std::chrono::steady_clock::time_point started, const std::exception_ptr& error) {
  write_duration_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (!error) return committed_.inc();
  try {
    std::rethrow_exception(error);  // only on the failure path
  } catch (const StoreError&) {
    errors_.inc();
  } catch (...) {
    refused_.inc();
  }
}

}  // namespace tender::store
