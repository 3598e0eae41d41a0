#include "store/sqlite/read_view.hpp"
#include "util/invariant.hpp"

#include <spdlog/spdlog.h>


namespace tender::store::sqlite {

std::unique_ptr<ReadView> SqliteReadView::open(std::shared_ptr<ReaderPool> pool) {
  TENDER_ASSERT(pool != nullptr, "reader_pool_present", "read_view.cpp");
  std::unique_ptr<Connection> connection = pool->acquire();
  return std::unique_ptr<ReadView>(new SqliteReadView(std::move(pool), std::move(connection)));
}

SqliteReadView::SqliteReadView(std::shared_ptr<ReaderPool> pool, std::unique_ptr<Connection> connection)
    : ConnectionReads<ReadView>(*connection), pool_(std::move(pool)), connection_(std::move(connection)) {
  try {
    connection_->run("BEGIN");
    // A deferred BEGIN takes its snapshot at the first read, not at BEGIN; read now so the
    // snapshot is the state at read(), not at whichever query the caller happens to run first.
    connection_->query("SELECT COUNT(*) FROM schema_migrations").run();
    TENDER_ASSERT(connection_->in_transaction(), "read_view_in_snapshot", "read_view.cpp");
  } catch (...) {
    finish();  // the destructor won't run for a throwing constructor
    throw;
  }
}

SqliteReadView::~SqliteReadView() { finish(); }

void SqliteReadView::finish() noexcept {
  if (connection_ == nullptr) return;
  try {
    if (connection_->in_transaction()) connection_->run("ROLLBACK");  // read-only: nothing to keep
  } catch (const std::exception& error) {
    // The pool discards a connection still in a transaction, so this costs a reopen, not data.
    spdlog::warn("store: ending a read snapshot failed: {}", error.what());
  }
  pool_->release(std::move(connection_));
}

}  // namespace tender::store::sqlite
