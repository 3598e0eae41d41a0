#include "store/sqlite/migrations.hpp"
#include "util/invariant.hpp"

#include <chrono>
#include <string>

#include "store/store_error.hpp"

namespace tender::store::sqlite {

namespace {

// Types and syntax are chosen to carry over to PostgreSQL (TEXT, INTEGER -> BIGINT, partial
// indexes, DESC index columns); AUTOINCREMENT is the one SQLite-only spelling (PostgreSQL: BIGINT
// GENERATED ALWAYS AS IDENTITY). AUTOINCREMENT, not plain rowid, so a seq is never reused after
// the newest row is deleted: consumers track "last seq seen".
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  company_id TEXT NOT NULL,
  lookup TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  created_on INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX records_lookup ON records (kind, lookup) WHERE lookup <> '';
CREATE INDEX records_company_created ON records (kind, company_id, created_on DESC, id DESC);
CREATE INDEX records_company_status ON records (kind, company_id, status);

CREATE TABLE postings (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id TEXT NOT NULL,
  company_id TEXT NOT NULL,
  purchase_id TEXT NOT NULL,
  account TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  kind TEXT NOT NULL,
  created_on INTEGER NOT NULL
);
CREATE INDEX postings_purchase ON postings (purchase_id);
CREATE INDEX postings_company_created ON postings (company_id, created_on);

CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  company_id TEXT NOT NULL,
  object_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_on INTEGER NOT NULL
);

CREATE TABLE idempotency (
  company_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  response_content_type TEXT NOT NULL,
  created_on INTEGER NOT NULL,
  PRIMARY KEY (company_id, key)
);
)sql";

// Background jobs (recovery, due sweeps, hold expiry) scan one kind by status across companies.
constexpr std::string_view kMigration2 = R"sql(
CREATE INDEX records_kind_status ON records (kind, status, created_on);
)sql";

// Expired idempotency records are purged by age (store::WriteTxn::purge_idempotency).
constexpr std::string_view kMigration3 = R"sql(
CREATE INDEX idempotency_created_on ON idempotency (created_on);
)sql";

// Open acquirer intents get a marker record of their own (engine/intent.hpp, kIntentKind), so that
// recovery reads the open intents through the primary key instead of scanning every purchase.
// Intents written before this migration get theirs here.
constexpr std::string_view kMigration4 = R"sql(
INSERT OR IGNORE INTO records (kind, id, company_id, lookup, status, created_on, version, body)
  SELECT 'open_intent', id, company_id, '', '', coalesce(json_extract(body, '$.pending_since'), 0), 1, '{}'
  FROM records WHERE kind = 'purchase' AND coalesce(json_extract(body, '$.pending_operation'), '') <> '';
)sql";

// Clients are found by e-mail (GET /clients/?q=): its lower-case form is the record's indexed
// status column (engine/client_commands.cpp). Clients written before this migration get theirs here.
constexpr std::string_view kMigration5 = R"sql(
UPDATE records SET status = lower(coalesce(json_extract(body, '$.details.email'), ''))
  WHERE kind = 'client';
)sql";

// Postings carry their purchase's mode, so that test and live money are reported apart
// (balances, statements). Postings written before this migration take their purchase's mode.
constexpr std::string_view kMigration6 = R"sql(
ALTER TABLE postings ADD COLUMN is_test INTEGER NOT NULL DEFAULT 1;
UPDATE postings SET is_test = coalesce(
  (SELECT CASE json_extract(r.body, '$.is_test') WHEN 0 THEN 0 ELSE 1 END
     FROM records r WHERE r.kind = 'purchase' AND r.id = postings.purchase_id), 1);
CREATE INDEX postings_company_mode_created ON postings (company_id, is_test, created_on);
)sql";

// postings_company_created (migration 1) is superseded by postings_company_mode_created: every
// read of a company's postings names its mode. One index fewer to write per ledger leg.
constexpr std::string_view kMigration7 = R"sql(
DROP INDEX IF EXISTS postings_company_created;
)sql";

// PostgreSQL's migration 8 (lz4 compression of large text columns) has nothing to change here;
// the numbers stay in step so that `migrate-data` can compare them.
constexpr std::string_view kMigration8 = R"sql(
SELECT 1;
)sql";

std::int64_t unix_seconds_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool is_applied(Connection& writer, std::int64_t version) {
  Query q = writer.query("SELECT 1 FROM schema_migrations WHERE version = ?");
  q.bind(1, version);
  return q.next();
}

// Used while another error propagates: that error is the one worth reporting.
void rollback_quietly(Connection& writer) noexcept {
  if (!writer.in_transaction()) return;
  try {
    writer.exec_script("ROLLBACK");
  } catch (...) {
  }
}

void apply_one(Connection& writer, std::int64_t version, std::string_view script) {
  // IMMEDIATE takes the write lock up front, so a second process opening the same file waits
  // here and then sees the version as applied instead of running it twice.
  writer.run("BEGIN IMMEDIATE");
  try {
    if (!is_applied(writer, version)) {
      writer.exec_script(std::string(script));
      Query q = writer.query("INSERT INTO schema_migrations (version, applied_on) VALUES (?, ?)");
      q.bind(1, version).bind(2, unix_seconds_now()).run();
    }
    writer.run("COMMIT");
  } catch (const StoreError& error) {
    rollback_quietly(writer);
    throw StoreError("migration " + std::to_string(version) + " failed: " + error.what(), error.code);
  } catch (...) {
    rollback_quietly(writer);
    throw;
  }
}

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {kMigration1, kMigration2, kMigration3, kMigration4, kMigration5, kMigration6, kMigration7, kMigration8};
  return all;
}

std::int64_t schema_version(Connection& connection) {
  Query q = connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return q.next() ? q.int64(0) : 0;
}

void apply_migrations(Connection& writer) {
  TENDER_ASSERT(writer.role() == Role::writer, "writer_connection_role", "migrations.cpp");
  writer.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, applied_on INTEGER NOT NULL)");
  const auto known = static_cast<std::int64_t>(migrations().size());
  const std::int64_t current = schema_version(writer);
  if (current > known) {
    // Running old code against a newer schema could silently drop or misread columns.
    throw StoreError("database schema version " + std::to_string(current) +
                     " is newer than this build knows (" + std::to_string(known) + ")");
  }
  for (std::int64_t version = current + 1; version <= known; ++version) {
    apply_one(writer, version, migrations()[static_cast<std::size_t>(version - 1)]);
  }
  TENDER_ASSERT(schema_version(writer) == known, "schema_migrated_to_known", "migrations.cpp");
}

}  // namespace tender::store::sqlite
