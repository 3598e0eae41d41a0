#include "store/sqlite/connection.hpp"

#include <cassert>
#include <stdexcept>
#include <string>
#include <tuple>

#include "store/sqlite/document_sql_function.hpp"
#include "store/sqlite/limits.hpp"
#include "store/sqlite/page_cache.hpp"
#include "store/store_error.hpp"

namespace tender::store::sqlite {

Connection::Connection(const std::string& path, Role role) : role_(role) {
  install_page_cache();  // before SQLite initializes itself on the first open (page_cache.hpp)
  int flags = (role == Role::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX |
              SQLITE_OPEN_EXRESCODE;
  if (role == Role::writer) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = std::string("sqlite: cannot open ") + path + ": " +
                                (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close_v2(db_);
    throw StoreError(message, rc);
  }
  try {
    configure();
  } catch (...) {
    sqlite3_close_v2(db_);
    throw;
  }
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  // close_v2 never fails on a valid handle; it defers if anything is still unfinalized.
  sqlite3_close_v2(db_);
}

void Connection::configure() {
  sqlite3_extended_result_codes(db_, 1);
  register_document_function(db_);
  if (sqlite3_busy_timeout(db_, kBusyTimeoutMs) != SQLITE_OK) {
    throw_sqlite(db_, sqlite3_errcode(db_), "busy_timeout");
  }
  if (role_ == Role::writer) {
    // journal_mode is persistent in the file; only the writer (opened first) sets it. The pragma
    // answers with the mode in effect, which is not WAL on e.g. in-memory databases.
    std::string mode;
    {
      Query q = query("PRAGMA journal_mode=WAL");
      if (q.next()) mode = q.text(0);
    }
    if (mode != "wal") throw StoreError("sqlite: cannot switch to WAL journal mode (got '" + mode + "')");
  }
  // FULL: in WAL mode every COMMIT fsyncs the WAL, so a returned write() survives power loss.
  exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  // Page caches bound the store's memory: 64 MiB for the writer, which otherwise re-reads index
  // pages with pread() for every insert, and 8 MiB for each reader (8 readers by default: 128 MiB
  // at most in all). No memory-mapped I/O: every connection maps the file on its own, so a
  // 256 MiB map per connection let the process's RSS reach 1.6 GB under reads (bench/, Collect GET).
  exec_script(role_ == Role::writer ? "PRAGMA cache_size=-65536; PRAGMA mmap_size=0;"
                                    : "PRAGMA cache_size=-8192; PRAGMA mmap_size=0;");
  // The writer never checkpoints inside a commit: a checkpoint fsyncs the main file, and it would
  // add that to the latency of every write in the batch. The Checkpointer copies the WAL back, and
  // the group committer starts a long WAL over between batches.
  if (role_ == Role::writer) exec_script("PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;");
  // Group commit wraps each write of a batch in a savepoint, and SQLite keeps the pages a
  // savepoint may have to restore in a statement journal: in a temporary file by default, which
  // cost one pwrite per page, 18 KB per payment (strace under bench/). In memory it is a copy,
  // bounded by the batch (kMaxBatch writes); nothing durable depends on it.
  if (role_ == Role::writer) exec_script("PRAGMA temp_store=MEMORY;");
  if (role_ == Role::reader) exec_script("PRAGMA query_only=ON;");
}

Query Connection::query(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    if (cache_.size() >= kMaxCachedStatements) {
      throw StoreError("sqlite: statement cache full (" + std::to_string(kMaxCachedStatements) +
                       "); SQL must come from a finite set");
    }
    it = cache_.emplace(std::piecewise_construct, std::forward_as_tuple(sql),
                        std::forward_as_tuple(db_, sql))
             .first;
  }
  Cached& cached = it->second;
  if (cached.in_use) {
    // Re-entering a statement mid-step would reset the outer execution under its feet.
    throw std::logic_error("sqlite: statement already executing on this connection");
  }
  cached.in_use = true;
  return Query(db_, cached.statement.get(), &cached.in_use);
}

void Connection::exec_script(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = std::string("sqlite: ") + (error != nullptr ? error : sqlite3_errstr(rc)) +
                          " (code " + std::to_string(rc) + ")";
    sqlite3_free(error);
    throw StoreError(message, rc);
  }
}

}  // namespace tender::store::sqlite
