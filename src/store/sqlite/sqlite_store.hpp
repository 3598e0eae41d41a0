#pragma once
// The SQLite Store, with the statistics that are specific to it (group-commit batching).
// Code outside the store uses tender::store::open_sqlite() and the Store interface.
#include <cstdint>
#include <memory>

#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/group_commit.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/store.hpp"

namespace tender::store::sqlite {

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database, applies migrations, opens the reader pool and
  // starts the writer thread. Throws std::invalid_argument for bad options, StoreError otherwise.
  explicit SqliteStore(const SqliteOptions& options);
  // Commits everything already queued, then closes. ReadViews still open keep their reader
  // connections (and the pool) alive until they are destroyed.
  ~SqliteStore() override;

  std::unique_ptr<ReadView> read() override;
  void write(const std::function<void(WriteTxn&)>& work) override;
  SchemaVersions schema_versions() override;

  std::uint64_t batches_committed() const { return writer_->batches_committed(); }
  std::uint64_t writes_committed() const { return writer_->writes_committed(); }
  std::uint64_t writes_failed() const { return writer_->writes_failed(); }
  std::size_t queue_depth() const { return writer_->queue_depth(); }
  std::uint64_t wal_restarts() const { return writer_->wal_restarts(); }

 private:
  WalProgress wal_progress_;  // first: the checkpointer and the writer use it until they stop
  std::shared_ptr<ReaderPool> readers_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<GroupCommitter> writer_;  // declared last: stops before the readers go
};

std::unique_ptr<SqliteStore> open_sqlite_store(const SqliteOptions& options);

}  // namespace tender::store::sqlite
