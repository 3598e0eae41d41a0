#include "store/postgres/connection.hpp"
#include "util/invariant.hpp"

#include <charconv>

#include <spdlog/spdlog.h>

#include "store/postgres/limits.hpp"

namespace tender::store::postgres {

namespace {

// libpq messages end with a newline and may span lines; one line is easier to log.
std::string one_line(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

}  // namespace

bool is_retryable(const std::string& sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";  // serialization_failure, deadlock_detected
}

bool is_unique_violation(const std::string& sqlstate) { return sqlstate == "23505"; }

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::int64_t Result::int64(int row, int col) const {
  const char* v = PQgetvalue(r_.get(), row, col);
  const char* end = v + PQgetlength(r_.get(), row, col);
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v, end, out);
  if (ec != std::errc() || ptr != end) throw StoreError("postgres: expected an integer column, got '" + std::string(v, end) + "'");
  return out;
}

std::string Result::command_tag() const { return r_ ? PQcmdStatus(r_.get()) : ""; }

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_.get());
  if (n == nullptr || *n == '\0') return 0;
  return std::stoll(n);
}

Connection::Connection(const std::string& url) {
  // expand_dbname: `url` may be a postgres:// URI or a key=value string; the other keywords are
  // defaults that the URL overrides.
  const char* keywords[] = {"dbname", "fallback_application_name", "connect_timeout", "client_encoding", nullptr};
  const char* values[] = {url.c_str(), "tender", kConnectTimeoutSeconds, "UTF8", nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn_ == nullptr) throw PgError("postgres: out of memory while connecting", "", true);
  if (PQstatus(conn_) != CONNECTION_OK) {
    // The message names host and port, never the password.
    std::string message = "postgres: cannot connect: " + one_line(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError(message, "", true);
  }
  // Server notices (e.g. "already exists, skipping") go to the log, not raw to stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char* message) { spdlog::debug("postgres: {}", one_line(message)); }, nullptr);
  try {
    // Durability rule 1: a 2xx only after a durable commit, whatever the server's default.
    exec(std::string("SET synchronous_commit = on; SET statement_timeout = '") + kStatementTimeout +
         "'; SET lock_timeout = '" + kLockTimeout + "'; SET idle_in_transaction_session_timeout = '" +
         kIdleInTransactionTimeout + "'");
    Result r = query("SELECT current_setting('server_encoding')");
    if (r.rows() != 1 || r.text(0, 0) != "UTF8") {
      throw PgError("postgres: the database encoding must be UTF8 (create it with ENCODING 'UTF8')", "", false);
    }
  } catch (...) {
    PQfinish(conn_);
    conn_ = nullptr;
    throw;
  }
}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool Connection::broken() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

bool Connection::idle() const {
  // A deferred BEGIN has not reached the server yet: the session is as good as in a transaction.
  return !broken() && deferred_.empty() && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

bool Connection::in_failed_transaction() const {
  return !broken() && PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

void Connection::fail(const std::string& what, PGresult* result) {
  Result owned(result);  // freed on the way out
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const bool lost = broken();
  // The primary message only: DETAIL may quote the offending key (a credential hash, a body).
  std::string message = "postgres: " + what + ": " + one_line(primary ? primary : PQerrorMessage(conn_));
  throw PgError(message, state ? state : "", lost);
}

void Connection::exec(const std::string& sql) {
  TENDER_ASSERT(conn_ != nullptr, "connection_open", "connection.cpp");
  if (!deferred_.empty()) {
    if (sql == "ROLLBACK") {
      // Nothing deferred is wanted any more. The ROLLBACK still goes if the server is in a
      // transaction; if it is not, the BEGIN was among the deferred and nothing has started.
      deferred_.clear();
      if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    } else {
      run_pipeline(nullptr);
    }
  }
  PGresult* r = PQexec(conn_, sql.c_str());
  // A multi-statement string returns the last result; an error stops at the failing one.
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("'" + sql.substr(0, 60) + "' failed", r);
  PQclear(r);
}

void Connection::commit() {
  std::string tag;
  if (deferred_.empty()) {
    PGresult* r = PQexec(conn_, "COMMIT");
    if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) fail("COMMIT failed", r);
    tag = PQcmdStatus(r);
    PQclear(r);
  } else {
    const Statement last{"COMMIT", {}};
    tag = run_pipeline(&last).command_tag();
  }
  if (tag != "COMMIT") throw PgError("postgres: COMMIT answered " + tag + ": the transaction had failed", "", false);
}

void Connection::defer(const std::string& sql, const Params& params) {
  TENDER_ASSERT(conn_ != nullptr, "connection_open", "connection.cpp");
  if (deferred_.size() >= kMaxDeferredStatements) run_pipeline(nullptr);  // bounded: send what waits
  deferred_.push_back(Statement{sql, params});
}

Result Connection::run_pipeline(const Statement* last) {
  std::vector<Statement> batch;
  batch.swap(deferred_);  // sent or failed, they are not sent again
  if (last) batch.push_back(*last);
  // Prepared outside the pipeline (PQprepare waits for its answer). A second pass takes the
  // names: the cache may have been cleared (DEALLOCATE ALL) during the first.
  for (const auto& st : batch) prepared_name(st.sql);
  std::vector<std::string> names;
  names.reserve(batch.size());
  for (const auto& st : batch) names.push_back(prepared_name(st.sql));

  if (PQenterPipelineMode(conn_) != 1) fail("entering pipeline mode failed", nullptr);
  struct Leave {  // pipeline mode is left on every path, or the connection is useless
    PGconn* conn;
    ~Leave() { PQexitPipelineMode(conn); }
  } leave{conn_};
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto pointers = batch[i].params.pointers();
    if (PQsendQueryPrepared(conn_, names[i].c_str(), static_cast<int>(pointers.size()), pointers.data(), nullptr,
                            nullptr, 0) != 1) {
      fail("sending a pipelined statement failed", nullptr);
    }
  }
  if (PQpipelineSync(conn_) != 1) fail("sending a pipeline sync failed", nullptr);

  Result answer;
  PGresult* first_error = nullptr;  // owned until thrown or freed
  std::size_t failed_at = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) {  // the connection failed mid-pipeline
      if (first_error) PQclear(first_error);
      fail("pipeline interrupted", nullptr);
    }
    const auto status = PQresultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      if (i + 1 == batch.size() && last) answer = Result(r);
      else PQclear(r);
    } else if (status == PGRES_PIPELINE_ABORTED || first_error) {
      PQclear(r);  // skipped after the first error
    } else {
      first_error = r;
      failed_at = i;
    }
    // Each statement's answers end with a NULL.
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  }
  PGresult* sync = PQgetResult(conn_);
  const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  if (sync) PQclear(sync);
  if (first_error) {
    fail("'" + batch[failed_at].sql.substr(0, 60) + "' failed", first_error);
  }
  if (!synced) fail("pipeline ended without its sync", nullptr);
  return answer;
}

void Connection::copy_begin(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) fail("COPY failed to start", r);
  PQclear(r);
  copy_buffer_.clear();
}

void Connection::copy_row(const std::vector<std::string_view>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) copy_buffer_ += '\t';
    for (char c : fields[i]) {
      switch (c) {
        case '\\': copy_buffer_ += "\\\\"; break;
        case '\t': copy_buffer_ += "\\t"; break;
        case '\n': copy_buffer_ += "\\n"; break;
        case '\r': copy_buffer_ += "\\r"; break;
        case '\0': throw std::invalid_argument("postgres: text value contains a NUL byte");
        default: copy_buffer_ += c;
      }
    }
  }
  copy_buffer_ += '\n';
  if (copy_buffer_.size() >= 1 << 20) {
    if (PQputCopyData(conn_, copy_buffer_.data(), static_cast<int>(copy_buffer_.size())) != 1) fail("COPY data failed", nullptr);
    copy_buffer_.clear();
  }
}

void Connection::copy_end() {
  if (!copy_buffer_.empty() &&
      PQputCopyData(conn_, copy_buffer_.data(), static_cast<int>(copy_buffer_.size())) != 1) {
    fail("COPY data failed", nullptr);
  }
  copy_buffer_.clear();
  if (PQputCopyEnd(conn_, nullptr) != 1) fail("COPY end failed", nullptr);
  PGresult* r = PQgetResult(conn_);
  const bool ok = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
  // Drain: libpq returns NULL once the command is complete.
  while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  if (!ok) fail("COPY failed", r);
  PQclear(r);
}

const std::string& Connection::prepared_name(const std::string& sql) {
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPreparedStatements) {
    // SQL comes from a finite set of shapes, so this means a bug; stay bounded regardless.
    exec("DEALLOCATE ALL");
    prepared_.clear();
  }
  std::string name = "t" + std::to_string(prepared_.size() + 1);
  PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) fail("prepare failed", r);
  PQclear(r);
  return prepared_.emplace(sql, std::move(name)).first->second;
}

Result Connection::query(const std::string& sql, const Params& params) {
  TENDER_ASSERT(conn_ != nullptr, "connection_open", "connection.cpp");
  if (!deferred_.empty()) {
    const Statement last{sql, params};
    return run_pipeline(&last);
  }
  const std::string& name = prepared_name(sql);
  // Text format throughout: libpq reads each value up to its NUL, so no lengths are passed.
  const auto pointers = params.pointers();
  PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(pointers.size()), pointers.data(), nullptr,
                               nullptr, 0);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("statement failed", r);
  return Result(r);
}

}  // namespace tender::store::postgres
