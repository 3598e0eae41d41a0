#include "store/postgres/import_sqlite.hpp"

#include <memory>
#include <string_view>

#include "store/postgres/connection.hpp"
#include "store/postgres/limits.hpp"
#include "store/postgres/migrations.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store_error.hpp"

namespace tender::store::postgres {

namespace {

struct Table {
  const char* name;
  const char* columns;  // the same names on both sides (both schemas come from one design)
  const char* order;
  const char* select;   // the columns as read from SQLite: documents as JSON text (tender_document)
};

constexpr Table kTables[] = {
    {"records", "kind, id, company_id, lookup, status, created_on, version, body", "kind, id",
     "kind, id, company_id, lookup, status, created_on, version, tender_document(body)"},
    {"postings", "seq, transaction_id, company_id, purchase_id, account, currency, amount_minor, kind, created_on, is_test",
     "seq", nullptr},
    {"outbox", "seq, id, company_id, object_id, event_type, payload, created_on", "seq",
     "seq, id, company_id, object_id, event_type, tender_document(payload), created_on"},
    {"idempotency", "company_id, key, request_hash, status_code, response_body, response_content_type, created_on",
     "company_id, key", nullptr},
};

// One fingerprint of the copied data, computed by each side in its own dialect; the texts must
// be equal. Counts are reported separately.
struct Check {
  const char* what;
  const char* sqlite;
  const char* postgres;
};

constexpr Check kChecks[] = {
    {"records: versions", "SELECT COALESCE(SUM(version), 0) FROM records", "SELECT COALESCE(SUM(version), 0) FROM records"},
    {"records: body bytes", "SELECT COALESCE(SUM(LENGTH(CAST(tender_document(body) AS BLOB))), 0) FROM records",
     "SELECT COALESCE(SUM(OCTET_LENGTH(body)), 0) FROM records"},
    {"records: kinds",
     "SELECT COALESCE(GROUP_CONCAT(k, ','), '') FROM (SELECT kind || ':' || COUNT(*) AS k FROM records GROUP BY kind ORDER BY kind)",
     "SELECT COALESCE(STRING_AGG(kind || ':' || n, ',' ORDER BY kind), '') FROM (SELECT kind, COUNT(*) AS n FROM records GROUP BY kind) x"},
    {"postings: sums per currency",
     "SELECT COALESCE(GROUP_CONCAT(c, ','), '') FROM (SELECT currency || ':' || SUM(amount_minor) AS c FROM postings GROUP BY currency ORDER BY currency)",
     "SELECT COALESCE(STRING_AGG(currency || ':' || s, ',' ORDER BY currency), '') FROM (SELECT currency, SUM(amount_minor) AS s FROM postings GROUP BY currency) x"},
    {"postings: seq range", "SELECT COALESCE(MIN(seq), 0) || '-' || COALESCE(MAX(seq), 0) FROM postings",
     "SELECT COALESCE(MIN(seq), 0) || '-' || COALESCE(MAX(seq), 0) FROM postings"},
    {"outbox: seq range", "SELECT COALESCE(MIN(seq), 0) || '-' || COALESCE(MAX(seq), 0) FROM outbox",
     "SELECT COALESCE(MIN(seq), 0) || '-' || COALESCE(MAX(seq), 0) FROM outbox"},
    {"outbox: payload bytes", "SELECT COALESCE(SUM(LENGTH(CAST(tender_document(payload) AS BLOB))), 0) FROM outbox",
     "SELECT COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM outbox"},
    {"idempotency: status codes", "SELECT COALESCE(SUM(status_code), 0) FROM idempotency",
     "SELECT COALESCE(SUM(status_code), 0) FROM idempotency"},
};

// Transaction ids a fresh database burns per round trip when it must catch up (see below).
constexpr std::int64_t kMaxBurnedXids = 50'000'000;

// The first column of the first row, as text ("" when there is none).
std::string sqlite_value(sqlite::Connection& c, const std::string& sql) {
  sqlite::Query q = c.query(sql);
  return q.next() ? q.text(0) : std::string();
}

std::string pg_value(Connection& c, const std::string& sql) {
  Result r = c.query(sql);
  return r.rows() && !r.is_null(0, 0) ? r.text(0, 0) : std::string();
}

// New outbox rows get seq = (xid << 12) + n; copied rows keep SQLite's seqs. The dispatcher's
// cursor holds a copied seq, so every new seq must be above every copied one: a young database
// whose transaction ids are still small is moved on by burning ids (one per round trip).
void advance_xids_past(Connection& c, std::int64_t max_seq) {
  const std::int64_t needed = (max_seq >> kOutboxSeqShift) + 1;
  std::int64_t xid = std::stoll(pg_value(c, "SELECT pg_current_xact_id()::text"));
  if (needed - xid > kMaxBurnedXids) throw StoreError("migrate-data: the source's outbox seqs are too large to continue");
  while (xid <= needed) xid = std::stoll(pg_value(c, "SELECT pg_current_xact_id()::text"));
}

}  // namespace

ImportReport import_sqlite(const std::string& sqlite_path, const std::string& postgres_url,
                           const ImportProgress& progress) {
  sqlite::Connection source(sqlite_path, sqlite::Role::read_only);  // documents are read as JSON text (tender_document)
  source.run("BEGIN");  // one snapshot for the copy and the checks
  const auto known = static_cast<std::int64_t>(migrations().size());
  if (std::stoll(sqlite_value(source, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) != known) {
    throw StoreError("migrate-data: the SQLite schema is not at version " + std::to_string(known) +
                     " (open it with this build's `tender` first)");
  }
  ImportReport report;
  std::int64_t total = 0;
  for (const Table& t : kTables) {
    TableCount count{t.name, std::stoll(sqlite_value(source, std::string("SELECT COUNT(*) FROM ") + t.name)), 0};
    total += count.source;
    report.tables.push_back(count);
  }

  Connection target(postgres_url);
  apply_migrations(target);
  for (const Table& t : kTables) {
    if (pg_value(target, std::string("SELECT COUNT(*) FROM (SELECT 1 FROM ") + t.name + " LIMIT 1) x") != "0") {
      throw StoreError(std::string("migrate-data: the target database is not empty (table ") + t.name +
                       " has rows); use a new database");
    }
  }
  advance_xids_past(target, std::stoll(sqlite_value(source, "SELECT COALESCE(MAX(seq), 0) FROM outbox")));

  target.exec("BEGIN");
  try {
    std::int64_t done = 0, reported = -1;
    const std::int64_t step = std::max<std::int64_t>(1, total / 200);
    if (progress) progress(0, total);
    for (const Table& t : kTables) {
      target.copy_begin(std::string("COPY ") + t.name + " (" + t.columns + ") FROM STDIN");
      sqlite::Query rows = source.query(std::string("SELECT ") + (t.select ? t.select : t.columns) + " FROM " + t.name +
                                        " ORDER BY " + t.order);
      std::vector<std::string_view> fields;
      while (rows.next()) {
        fields.clear();
        for (int i = 0; i < rows.columns(); ++i) fields.push_back(rows.bytes(i));
        target.copy_row(fields);
        ++done;
        if (progress && done / step != reported) {
          reported = done / step;
          progress(done, total);
        }
      }
      target.copy_end();
    }
    if (progress) progress(done, total);
    // postings.seq is an identity: new postings continue after the copied ones.
    target.query(
        "SELECT setval(pg_get_serial_sequence('postings', 'seq'), (SELECT COALESCE(MAX(seq), 0) + 1 FROM postings), false)");

    for (auto& count : report.tables) {
      count.target = std::stoll(pg_value(target, "SELECT COUNT(*) FROM " + count.table));
      if (count.target != count.source) {
        report.mismatches.push_back(count.table + ": " + std::to_string(count.source) + " rows in SQLite, " +
                                    std::to_string(count.target) + " in PostgreSQL");
      }
    }
    for (const Check& check : kChecks) {
      const std::string a = sqlite_value(source, check.sqlite), b = pg_value(target, check.postgres);
      if (a != b) report.mismatches.push_back(std::string(check.what) + ": '" + a + "' in SQLite, '" + b + "' in PostgreSQL");
    }
    report.rows = done;
    if (!report.ok()) {
      target.exec("ROLLBACK");  // nothing half-checked stays behind
      return report;
    }
    target.commit();
  } catch (...) {
    try {
      if (!target.broken() && !target.idle()) target.exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
  return report;
}

}  // namespace tender::store::postgres
