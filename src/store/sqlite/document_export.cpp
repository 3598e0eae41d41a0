#include "store/sqlite/document_export.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>

#include "store/sqlite/document_sql_function.hpp"
#include "store/store_error.hpp"

namespace tender::store::sqlite {

namespace bj = boost::json;

namespace {

struct Database {
  sqlite3* db = nullptr;
  ~Database() { sqlite3_close(db); }
};

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

std::string column_text(sqlite3_stmt* s, int column) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, column))) : std::string();
}

// One line per row: the row's keys as given, the document as JSON (or as text when it is not).
std::size_t write_rows(sqlite3* db, const char* table, const char* sql, std::ostream& out) {
  Statement q;
  if (sqlite3_prepare_v2(db, sql, -1, &q.stmt, nullptr) != SQLITE_OK)
    throw StoreError(std::string("documents: ") + sqlite3_errmsg(db));
  std::size_t lines = 0;
  int rc;
  while ((rc = sqlite3_step(q.stmt)) == SQLITE_ROW) {
    bj::object line{{"table", table}, {"key", column_text(q.stmt, 0)}, {"id", column_text(q.stmt, 1)}};
    const std::string document = column_text(q.stmt, 2);
    boost::system::error_code ec;
    auto value = bj::parse(document, ec);
    line["document"] = ec ? bj::value(document) : std::move(value);
    out << bj::serialize(line) << '\n';
    ++lines;
  }
  if (rc != SQLITE_DONE) throw StoreError(std::string("documents: ") + sqlite3_errmsg(db));
  return lines;
}

}  // namespace

std::size_t export_documents(const std::string& database_path, std::ostream& out) {
  Database d;
  if (sqlite3_open_v2(database_path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    throw StoreError("documents: cannot open " + database_path + ": " + (d.db ? sqlite3_errmsg(d.db) : "out of memory"));
  sqlite3_busy_timeout(d.db, 5000);
  register_document_function(d.db);
  if (sqlite3_exec(d.db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)  // one snapshot for both tables
    throw StoreError(std::string("documents: ") + sqlite3_errmsg(d.db));
  std::size_t lines = write_rows(d.db, "records", "SELECT kind, id, tender_document(body) FROM records ORDER BY kind, id", out);
  lines += write_rows(d.db, "outbox",
                      "SELECT event_type, CAST(seq AS TEXT), tender_document(payload) FROM outbox ORDER BY seq", out);
  sqlite3_exec(d.db, "COMMIT", nullptr, nullptr, nullptr);
  return lines;
}

}  // namespace tender::store::sqlite
