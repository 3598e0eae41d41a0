#include "store/sqlite/statement.hpp"
#include "util/invariant.hpp"

#include <limits>
#include <string>

#include "store/store_error.hpp"

namespace tender::store::sqlite {

namespace {
// Error messages quote the SQL for context; cap it so a long statement doesn't flood logs.
constexpr std::size_t kMaxQuotedSqlBytes = 120;
}  // namespace

void throw_sqlite(sqlite3* db, int rc, std::string_view operation) {
  std::string message = "sqlite: ";
  // sqlite3_errmsg describes the most recent failure on this connection; fall back to the generic
  // text for `rc` when there is no connection (open failures).
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  message += " (code " + std::to_string(rc) + ")";
  if (!operation.empty()) {
    message += " in: ";
    message += operation.substr(0, kMaxQuotedSqlBytes);
  }
  throw StoreError(message, rc);
}

bool is_unique_violation(int extended_rc) {
  return extended_rc == SQLITE_CONSTRAINT_PRIMARYKEY || extended_rc == SQLITE_CONSTRAINT_UNIQUE;
}

Statement::Statement(sqlite3* db, std::string_view sql) {
  TENDER_ASSERT(db != nullptr, "statement_database_open", "statement.cpp");
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw StoreError("sqlite: statement too long");
  }
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    throw_sqlite(db, rc, sql);
  }
  if (stmt_ == nullptr) throw StoreError("sqlite: empty statement: " + std::string(sql.substr(0, 60)));
  // A cached statement must be exactly one statement; trailing SQL would be silently ignored.
  for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != ';') {
      sqlite3_finalize(stmt_);
      throw StoreError("sqlite: more than one statement in: " + std::string(sql.substr(0, 60)));
    }
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Query::Query(sqlite3* db, sqlite3_stmt* stmt, bool* in_use) : db_(db), stmt_(stmt), in_use_(in_use) {
  TENDER_ASSERT(db_ != nullptr && stmt_ != nullptr && in_use_ != nullptr, "statement_prepared", "statement.cpp");
  TENDER_ASSERT(*in_use_ && "the cache marks the statement in use before handing it out", "statement_marked_in_use", "statement.cpp");
}

Query::~Query() {
  // reset returns the last step's error again; that error was already reported by step.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

Query& Query::bind(int index, std::string_view text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw StoreError("sqlite: bound text too long");
  }
  // Empty strings bind as '' (not NULL): a non-null pointer is required for that.
  const char* data = text.data() != nullptr ? text.data() : "";
  const int rc = sqlite3_bind_text(stmt_, index, data, static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Query& Query::bind_blob(int index, std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw StoreError("sqlite: bound blob too long");
  }
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  const int rc = sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Query& Query::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

int Query::step_rc() { return sqlite3_step(stmt_); }

bool Query::next() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc);
}

void Query::run() {
  while (next()) {
  }
}

std::int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Query::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};  // NULL column
  return std::string(data, static_cast<std::size_t>(size));
}

std::string_view Query::bytes(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};  // NULL column or empty value
  return std::string_view(data, static_cast<std::size_t>(size));
}

void Query::fail(int rc) const { throw_sqlite(db_, rc, sqlite3_sql(stmt_)); }

}  // namespace tender::store::sqlite
