#pragma once
// RAII over sqlite3_stmt: Statement owns a prepared statement for the life of its connection's
// cache; Query is one execution of it and resets it on scope exit, so a statement is never left
// mid-step holding locks or stale bindings.
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tender::store::sqlite {

// Throws StoreError with SQLite's message for `rc`; `operation` names what failed (SQL text with
// placeholders only, never bound values).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view operation);

// True for violations of a PRIMARY KEY or UNIQUE constraint.
bool is_unique_violation(int extended_rc);

class Statement {
 public:
  // Prepared with SQLITE_PREPARE_PERSISTENT: it lives as long as the connection's cache.
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class Query {
 public:
  // `in_use` is the cache's flag for this statement; the Query clears it when done.
  Query(sqlite3* db, sqlite3_stmt* stmt, bool* in_use);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Parameter indexes are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT) so callers may
  // pass temporaries.
  Query& bind(int index, std::string_view text);
  Query& bind(int index, std::int64_t value);
  Query& bind_blob(int index, std::string_view bytes);

  int step_rc();  // raw sqlite3_step result, for callers that map specific codes
  bool next();    // true while a row is available; throws on error
  void run();     // steps to completion, ignoring rows (PRAGMA, BEGIN, INSERT...)

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  // The raw bytes of a TEXT or BLOB value (a number's as text, NULL's empty), valid until the next step.
  std::string_view bytes(int column) const;
  int columns() const { return sqlite3_column_count(stmt_); }

  // Rethrows the error behind `rc` with this statement's SQL as the operation.
  [[noreturn]] void fail(int rc) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
};

}  // namespace tender::store::sqlite
