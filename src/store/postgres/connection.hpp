#pragma once
// One libpq connection: prepared statements cached by SQL text, text-format parameters and
// results, errors carrying the SQLSTATE. Not thread-safe: a connection belongs to one pool user
// at a time.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store_error.hpp"

namespace tender::store::postgres {

// A failure reported by the server or libpq. `sqlstate` is the five-character code ("40001"),
// empty when the connection itself failed. Messages name the operation and the server's text,
// never parameter values (they may be card data or credential hashes).
struct PgError : StoreError {
  PgError(const std::string& message, std::string state, bool connection_lost)
      : StoreError(message), sqlstate(std::move(state)), lost(connection_lost) {}
  std::string sqlstate;
  bool lost;  // the connection is unusable; whether a COMMIT in flight took effect is unknown
};

// Serialization failure or deadlock: the transaction was rolled back and may be run again.
bool is_retryable(const std::string& sqlstate);
bool is_unique_violation(const std::string& sqlstate);

class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string text(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  std::int64_t affected() const;  // rows changed by INSERT/UPDATE/DELETE
  std::string command_tag() const;  // "COMMIT", "INSERT 0 1", ...

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_{nullptr, &PQclear};
};

// Positional parameters ($1, $2...) in text format. Numbers are formatted here, so callers
// never build SQL from values.
class Params {
 public:
  Params& add(std::string_view v) {
    // libpq passes text parameters as C strings: a NUL would silently cut the value short.
    if (v.find('\0') != std::string_view::npos) throw std::invalid_argument("postgres: text value contains a NUL byte");
    values_.emplace_back(v);
    return *this;
  }
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(std::int64_t v) {
    values_.push_back(std::to_string(v));
    return *this;
  }
  Params& add(int v) { return add(static_cast<std::int64_t>(v)); }
  const std::vector<std::string>& values() const { return values_; }
  // The values as libpq takes them (paramValues); valid while this object lives unchanged.
  std::vector<const char*> pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v.c_str());
    return out;
  }

 private:
  std::vector<std::string> values_;
};

class Connection {
 public:
  // Connects and applies the session settings Tender relies on (synchronous_commit=on, UTF-8,
  // timeouts). Throws PgError when the server is unreachable or refuses.
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement without parameters, possibly several separated by ';' (simple protocol).
  void exec(const std::string& sql);
  // One statement with parameters, prepared on first use on this connection.
  Result query(const std::string& sql, const Params& params = {});
  // COMMIT; throws StoreError when the server answers ROLLBACK (the transaction had failed).
  void commit();

  // A statement whose answer is only checked for an error: it is sent with the next query(),
  // commit() or exec() in one round trip (libpq's pipeline mode), and its error is thrown by that
  // call. A ROLLBACK through exec() forgets the deferred statements instead. A write transaction
  // defers its BEGIN, its ledger postings and its outbox events: a payment is two round trips.
  void defer(const std::string& sql, const Params& params = {});

  // Bulk load (COPY … FROM STDIN, text format): copy_begin, one copy_row per row, copy_end.
  void copy_begin(const std::string& sql);
  void copy_row(const std::vector<std::string_view>& fields);
  void copy_end();

  bool broken() const;
  // PQTRANS_IDLE outside a transaction, with nothing deferred; anything else after a failure
  // means "discard me".
  bool idle() const;
  bool in_failed_transaction() const;

 private:
  [[noreturn]] void fail(const std::string& what, PGresult* result);
  const std::string& prepared_name(const std::string& sql);
  // Sends the deferred statements and then `last` (if any) in one pipeline; returns the answer of
  // `last`. Throws the first error any of them met.
  struct Statement {
    std::string sql;
    Params params;
  };
  Result run_pipeline(const Statement* last);

  std::vector<Statement> deferred_;

  PGconn* conn_ = nullptr;
  std::string copy_buffer_;  // rows not yet handed to libpq during a COPY
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

}  // namespace tender::store::postgres
