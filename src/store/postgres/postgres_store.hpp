#pragma once
// The PostgreSQL store: two bounded connection pools (reads, writes), each write() one
// SERIALIZABLE transaction on a pooled connection, run again after a serialization failure,
// deadlock or lost connection, a bounded number of times. PostgreSQL group-commits concurrent
// transactions itself, so there is no writer thread or queue here. Several Tender processes may
// share one database: nothing is cached in memory between calls.
#include <atomic>
#include <cstdint>
#include <memory>

#include "store/postgres/pool.hpp"
#include "store/store.hpp"
#include "store/store_metrics.hpp"

namespace tender::store::postgres {

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const PostgresOptions& options);
  ~PostgresStore() override;

  std::unique_ptr<ReadView> read() override;
  void write(const std::function<void(WriteTxn&)>& work) override;
  bool acquire_lease(const std::string& name, const std::string& owner, std::int64_t ttl_ms) override;
  void release_lease(const std::string& name, const std::string& owner) override;
  SchemaVersions schema_versions() override;

  std::uint64_t writes_committed() const { return writes_committed_.load(std::memory_order_relaxed); }
  std::uint64_t writes_failed() const { return writes_failed_.load(std::memory_order_relaxed); }
  std::uint64_t write_retries() const { return write_retries_.load(std::memory_order_relaxed); }
  std::size_t open_connections() const { return readers_->open_connections() + writers_->open_connections(); }

 private:
  // One attempt. `hot_key`: in, the key to queue on before starting (empty: none); out, the key
  // of this attempt's first write, for the next attempt after a conflict.
  void run_once(const std::function<void(WriteTxn&)>& work, bool& retry, std::string& hot_key);

  const PostgresOptions options_;
  std::shared_ptr<Pool> readers_;
  std::shared_ptr<Pool> writers_;
  std::atomic<std::uint64_t> writes_committed_{0};
  std::atomic<std::uint64_t> writes_failed_{0};
  std::atomic<std::uint64_t> write_retries_{0};
  StoreMetrics metrics_;
  metrics::Counter& retries_metric_;
};

std::unique_ptr<PostgresStore> open_postgres_store(const PostgresOptions& options);

// True for the URLs this store opens: postgres:// and postgresql://.
bool is_postgres_url(const std::string& url);
// "host:port/dbname" of a URL, for logs: never the password or other parameters.
std::string redacted_url(const std::string& url);

}  // namespace tender::store::postgres
