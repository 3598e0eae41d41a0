#include "store/sqlite/document_export.hpp"

#include <boost/json.hpp>

#include "store/sqlite/connection.hpp"

namespace tender::store::sqlite {

namespace bj = boost::json;

namespace {

// One line per row: the row's keys as given, the document as JSON (or as text when it is not).
std::size_t write_rows(Connection& db, const char* table, std::string_view sql, std::ostream& out) {
  Query q = db.query(sql);
  std::size_t lines = 0;
  while (q.next()) {
    bj::object line{{"table", table}, {"key", q.text(0)}, {"id", q.text(1)}};
    const std::string document = q.text(2);
    boost::system::error_code ec;
    auto value = bj::parse(document, ec);
    line["document"] = ec ? bj::value(document) : std::move(value);
    out << bj::serialize(line) << '\n';
    ++lines;
  }
  return lines;
}

}  // namespace

std::size_t export_documents(const std::string& database_path, std::ostream& out) {
  Connection db(database_path, Role::read_only);
  db.run("BEGIN");  // one snapshot for both tables
  std::size_t lines = write_rows(db, "records", "SELECT kind, id, tender_document(body) FROM records ORDER BY kind, id", out);
  lines += write_rows(db, "outbox",
                      "SELECT event_type, CAST(seq AS TEXT), tender_document(payload) FROM outbox ORDER BY seq", out);
  db.run("COMMIT");
  return lines;
}

}  // namespace tender::store::sqlite
