#pragma once
// One SQLite connection with its prepared-statement cache. A connection is used by one thread at
// a time (opened with SQLITE_OPEN_NOMUTEX); the store guarantees that by construction: the writer
// thread owns the writer connection and each ReadView owns a reader connection.
#include <sqlite3.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "store/sqlite/statement.hpp"

namespace tender::store::sqlite {

enum class Role {
  writer,  // creates the file, switches it to WAL
  reader,  // query_only, never creates the file
  checkpointer,  // copies the WAL into the main file, off the writer's commit path
  read_only,  // SQLITE_OPEN_READONLY: a command reading a data directory it does not serve
              // (`tender documents`, migrate-data), which must leave the files as they are
};

class Connection {
 public:
  Connection(const std::string& path, Role role);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The cached statement for `sql`, prepared on first use. `sql` must come from a finite set of
  // statements (the cache is bounded) and must not already be executing on this connection.
  Query query(std::string_view sql);
  // Runs one cached statement to completion (BEGIN, SAVEPOINT, COMMIT...).
  void run(std::string_view sql) { query(sql).run(); }
  // Runs a multi-statement script without caching (migrations, pragmas).
  void exec_script(const std::string& sql);

  // False in autocommit mode: no transaction is open (or SQLite rolled it back on its own).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  Role role() const { return role_; }
  sqlite3* handle() const { return db_; }

 private:
  struct Cached {
    explicit Cached(sqlite3* db, std::string_view sql) : statement(db, sql) {}
    Statement statement;
    bool in_use = false;
  };

  void configure();

  sqlite3* db_ = nullptr;
  Role role_;
  std::map<std::string, Cached, std::less<>> cache_;  // std::map: nodes are stable, lookup by view
};

}  // namespace tender::store::sqlite
