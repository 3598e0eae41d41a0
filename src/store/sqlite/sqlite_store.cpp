#include "store/sqlite/sqlite_store.hpp"

#include <stdexcept>

#include "store/sqlite/limits.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/read_view.hpp"

namespace tender::store::sqlite {

namespace {

void check_options(const SqliteOptions& options) {
  if (options.path.empty()) throw std::invalid_argument("sqlite: path is empty");
  if (options.max_batch < 1 || options.max_batch > kMaxBatch) {
    throw std::invalid_argument("sqlite: max_batch out of range");
  }
  if (options.max_queue < 1 || options.max_queue > kMaxQueue) {
    throw std::invalid_argument("sqlite: max_queue out of range");
  }
  if (options.reader_connections < 1 || options.reader_connections > kMaxReaderConnections) {
    throw std::invalid_argument("sqlite: reader_connections out of range");
  }
}

}  // namespace

SqliteStore::SqliteStore(const SqliteOptions& options) {
  check_options(options);
  // The writer opens first: it creates the file, switches it to WAL and migrates it, so readers
  // (which never create) find the final schema.
  auto writer = std::make_unique<Connection>(options.path, Role::writer);
  apply_migrations(*writer);
  readers_ = std::make_shared<ReaderPool>(options.path, options.reader_connections);
  checkpointer_ = std::make_unique<Checkpointer>(options.path, wal_progress_);
  writer_ = std::make_unique<GroupCommitter>(std::move(writer), options.max_batch, options.max_queue, options.metrics,
                                             options.wal_restart_frames, wal_progress_);
}

SqliteStore::~SqliteStore() {
  writer_.reset();  // drain and join before anything else goes away
  checkpointer_.reset();
  readers_.reset();
}

std::unique_ptr<ReadView> SqliteStore::read() { return SqliteReadView::open(readers_); }

void SqliteStore::write(const std::function<void(WriteTxn&)>& work) { writer_->write(work); }

SchemaVersions SqliteStore::schema_versions() {
  std::unique_ptr<Connection> connection = readers_->acquire();
  struct GiveBack {
    ReaderPool& pool;
    std::unique_ptr<Connection>& connection;
    ~GiveBack() { pool.release(std::move(connection)); }
  } give_back{*readers_, connection};
  return SchemaVersions{schema_version(*connection), static_cast<std::int64_t>(migrations().size())};
}

std::unique_ptr<SqliteStore> open_sqlite_store(const SqliteOptions& options) {
  return std::make_unique<SqliteStore>(options);
}

}  // namespace tender::store::sqlite

namespace tender::store {

std::unique_ptr<Store> open_sqlite(const SqliteOptions& options) {
  return sqlite::open_sqlite_store(options);
}

}  // namespace tender::store
