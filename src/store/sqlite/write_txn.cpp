#include "store/sqlite/write_txn.hpp"
#include "util/invariant.hpp"

#include <array>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "store/sqlite/document_codec.hpp"
#include "store/sqlite/limits.hpp"
#include "store/store_error.hpp"

namespace tender::store::sqlite {

namespace {

void check_key(std::string_view field, const std::string& value, bool required) {
  if (required && value.empty()) throw std::invalid_argument(std::string(field) + " is empty");
  if (value.size() > kMaxKeyBytes) throw std::invalid_argument(std::string(field) + " is too long");
}

// A document in its stored form (document_codec.hpp): encoded ones as BLOBs, plain text as TEXT.
void bind_stored(Query& q, int index, const std::string& stored) {
  if (is_encoded_document(stored)) {
    q.bind_blob(index, stored);
  } else {
    q.bind(index, stored);
  }
}

void check_document(std::string_view field, const std::string& value) {
  if (value.size() > kMaxDocumentBytes) throw std::invalid_argument(std::string(field) + " is too large");
}

void check_record(const Record& r) {
  check_key("record.kind", r.kind, true);
  check_key("record.id", r.id, true);
  check_key("record.company_id", r.company_id, false);
  check_key("record.lookup", r.lookup, false);
  check_key("record.status", r.status, false);
  check_document("record.body", r.body);
}

// Double-entry invariant: within each transaction_id, legs sum to zero per currency.
void check_balanced(const std::vector<Posting>& legs) {
  std::map<std::pair<std::string, std::string>, std::int64_t> sums;
  for (const Posting& leg : legs) {
    check_key("posting.transaction_id", leg.transaction_id, true);
    check_key("posting.company_id", leg.company_id, false);
    check_key("posting.purchase_id", leg.purchase_id, false);
    check_key("posting.account", leg.account, true);
    check_key("posting.currency", leg.currency, true);
    check_key("posting.kind", leg.kind, true);
    std::int64_t& sum = sums[{leg.transaction_id, leg.currency}];
    if (__builtin_add_overflow(sum, leg.amount_minor, &sum)) {
      throw std::invalid_argument("posting amounts overflow in transaction " + leg.transaction_id);
    }
  }
  for (const auto& [key, sum] : sums) {
    if (sum != 0) {
      throw std::invalid_argument("unbalanced ledger transaction " + key.first + " in " + key.second);
    }
  }
}

// The indexed columns of records besides (kind, id). SQLite rewrites the entries of every index
// on a column an UPDATE names, even when its value is unchanged, so an update names only the
// columns that changed: a capture changes the status and body, never the company, creation time
// or lookup, and writing those index pages anyway cost a page per update (3.2 -> 2.2 pages per
// status change in a batch of 200, measured on a copy of a benchmark's database).
constexpr int kCompanyColumn = 1, kLookupColumn = 2, kStatusColumn = 4, kCreatedOnColumn = 8;
constexpr int kAllIndexedColumns = 15;

// One statement per set of changed columns: 16 shapes, so the statement cache stays bounded.
const std::string& update_sql(int changed_columns) {
  static const std::array<std::string, kAllIndexedColumns + 1> shapes = [] {
    std::array<std::string, kAllIndexedColumns + 1> out;
    for (int columns = 0; columns <= kAllIndexedColumns; ++columns) {
      std::string sql = "UPDATE records SET version = version + 1, body = ?";
      if (columns & kCompanyColumn) sql += ", company_id = ?";
      if (columns & kLookupColumn) sql += ", lookup = ?";
      if (columns & kStatusColumn) sql += ", status = ?";
      if (columns & kCreatedOnColumn) sql += ", created_on = ?";
      out[columns] = sql + " WHERE kind = ? AND id = ?";
    }
    return out;
  }();
  return shapes.at(static_cast<std::size_t>(changed_columns));
}

// Which indexed columns the update changes. The version is checked here, before anything is
// written: a missing row or another version is a conflict. The UPDATE that follows, on the one
// writer connection inside the same transaction, then finds exactly this row.
int changed_indexed_columns(Connection& c, const Record& record, std::int64_t expected_version,
                            const std::string& what) {
  Query q = c.query("SELECT company_id, lookup, status, created_on, version FROM records WHERE kind = ? AND id = ?");
  q.bind(1, record.kind).bind(2, record.id);
  if (!q.next() || q.int64(4) != expected_version) {
    throw VersionConflict("version conflict: " + what + " expected version " + std::to_string(expected_version));
  }
  int columns = 0;
  if (q.bytes(0) != record.company_id) columns |= kCompanyColumn;
  if (q.bytes(1) != record.lookup) columns |= kLookupColumn;
  if (q.bytes(2) != record.status) columns |= kStatusColumn;
  if (q.int64(3) != record.created_on) columns |= kCreatedOnColumn;
  return columns;
}

}  // namespace

const std::string& SqliteWriteTxn::stored_form(const std::string& json, bool encode) {
  if (!encode) return json;
  if (!memo_valid_ || memo_plain_ != json) {
    memo_stored_ = encode_document(json);
    memo_plain_ = json;
    memo_valid_ = true;
  }
  return memo_stored_;
}

SqliteWriteTxn::SqliteWriteTxn(Connection& writer) : ConnectionReads<WriteTxn>(writer) {
  TENDER_ASSERT(writer.role() == Role::writer, "writer_connection_role", "write_txn.cpp");
}

void SqliteWriteTxn::require_transaction() {
  if (!connection().in_transaction()) {
    throw StoreError("sqlite: write outside the group-commit transaction (it was rolled back)");
  }
}

void SqliteWriteTxn::put(Record& record, std::int64_t expected_version) {
  check_record(record);
  if (expected_version < 0 || expected_version == std::numeric_limits<std::int64_t>::max()) {
    throw std::invalid_argument("put: bad expected_version");
  }
  require_transaction();
  // Messages name kind and id only: lookup may be a credential hash and body is customer data.
  const std::string what = record.kind + " " + record.id;

  if (expected_version == 0) {
    Query q = connection().query(
        "INSERT INTO records (kind, id, company_id, lookup, status, created_on, version, body) "
        "VALUES (?, ?, ?, ?, ?, ?, 1, ?)");
    q.bind(1, record.kind).bind(2, record.id).bind(3, record.company_id).bind(4, record.lookup);
    q.bind(5, record.status).bind(6, record.created_on);
    bind_stored(q, 7, stored_form(record.body, encodes_kind(record.kind)));
    const int rc = q.step_rc();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) throw DuplicateKey("record exists: " + what);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) throw DuplicateKey("lookup key taken: " + what);
    if (rc != SQLITE_DONE) q.fail(rc);
    record.version = 1;
    return;
  }

  const int changed_columns = changed_indexed_columns(connection(), record, expected_version, what);
  Query q = connection().query(update_sql(changed_columns));
  int n = 0;
  bind_stored(q, ++n, stored_form(record.body, encodes_kind(record.kind)));
  if (changed_columns & kCompanyColumn) q.bind(++n, record.company_id);
  if (changed_columns & kLookupColumn) q.bind(++n, record.lookup);
  if (changed_columns & kStatusColumn) q.bind(++n, record.status);
  if (changed_columns & kCreatedOnColumn) q.bind(++n, record.created_on);
  q.bind(++n, record.kind).bind(++n, record.id);
  const int rc = q.step_rc();
  if (is_unique_violation(rc)) throw DuplicateKey("lookup key taken: " + what);
  if (rc != SQLITE_DONE) q.fail(rc);
  TENDER_ASSERT(sqlite3_changes64(connection().handle()) == 1, "record_updated_once", "{}: the row read for its version",
                what);
  record.version = expected_version + 1;
}

void SqliteWriteTxn::remove(const std::string& kind, const std::string& id) {
  require_transaction();
  Query q = connection().query("DELETE FROM records WHERE kind = ? AND id = ?");
  q.bind(1, kind).bind(2, id).run();
}

void SqliteWriteTxn::post(const std::vector<Posting>& legs) {
  if (legs.size() > kMaxLegsPerPost) throw std::invalid_argument("post: too many legs");
  check_balanced(legs);
  if (legs.empty()) return;
  require_transaction();
  for (const Posting& leg : legs) {
    Query q = connection().query(
        "INSERT INTO postings (transaction_id, company_id, purchase_id, account, currency, "
        "amount_minor, kind, created_on, is_test) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, leg.transaction_id).bind(2, leg.company_id).bind(3, leg.purchase_id);
    q.bind(4, leg.account).bind(5, leg.currency).bind(6, leg.amount_minor).bind(7, leg.kind);
    q.bind(8, leg.created_on).bind(9, std::int64_t{leg.is_test}).run();
  }
}

void SqliteWriteTxn::append(OutboxEvent& event) {
  check_key("event.id", event.id, true);
  check_key("event.company_id", event.company_id, false);
  check_key("event.object_id", event.object_id, false);
  check_key("event.event_type", event.event_type, true);
  check_document("event.payload", event.payload);
  require_transaction();
  // RETURNING (SQLite >= 3.35, PostgreSQL) hands back the AUTOINCREMENT seq in the same step.
  Query q = connection().query(
      "INSERT INTO outbox (id, company_id, object_id, event_type, payload, created_on) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING seq");
  q.bind(1, event.id).bind(2, event.company_id).bind(3, event.object_id);
  q.bind(4, event.event_type);
  bind_stored(q, 5, stored_form(event.payload, true));
  q.bind(6, event.created_on);
  const int rc = q.step_rc();
  if (is_unique_violation(rc)) throw DuplicateKey("outbox event exists: " + event.id);
  if (rc != SQLITE_ROW) q.fail(rc);
  const std::int64_t seq = q.int64(0);
  q.run();  // finish the INSERT
  TENDER_ASSERT(seq > 0, "outbox_sequence_positive", "write_txn.cpp");
  event.seq = seq;
}

void SqliteWriteTxn::put_idempotency(const IdempotencyRecord& record) {
  check_key("idempotency.company_id", record.company_id, false);
  check_key("idempotency.key", record.key, true);
  check_key("idempotency.request_hash", record.request_hash, false);
  check_key("idempotency.response_content_type", record.response_content_type, false);
  check_document("idempotency.response_body", record.response_body);
  require_transaction();
  // ON CONFLICT ... DO UPDATE rather than INSERT OR REPLACE: same spelling in PostgreSQL.
  Query q = connection().query(
      "INSERT INTO idempotency (company_id, key, request_hash, status_code, response_body, "
      "response_content_type, created_on) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (company_id, key) DO UPDATE SET request_hash = excluded.request_hash, "
      "status_code = excluded.status_code, response_body = excluded.response_body, "
      "response_content_type = excluded.response_content_type, created_on = excluded.created_on");
  q.bind(1, record.company_id).bind(2, record.key).bind(3, record.request_hash);
  q.bind(4, static_cast<std::int64_t>(record.status_code)).bind(5, record.response_body);
  q.bind(6, record.response_content_type).bind(7, record.created_on).run();
}

void SqliteWriteTxn::remove_idempotency(const std::string& company_id, const std::string& key) {
  require_transaction();
  Query q = connection().query("DELETE FROM idempotency WHERE company_id = ? AND key = ?");
  q.bind(1, company_id).bind(2, key).run();
}

std::size_t SqliteWriteTxn::purge_idempotency(std::int64_t created_before, std::size_t limit) {
  require_transaction();
  Query q = connection().query(
      "DELETE FROM idempotency WHERE rowid IN "
      "(SELECT rowid FROM idempotency WHERE created_on < ? ORDER BY created_on LIMIT ?)");
  q.bind(1, created_before).bind(2, static_cast<std::int64_t>(limit)).run();
  return static_cast<std::size_t>(sqlite3_changes(connection().handle()));
}

std::size_t SqliteWriteTxn::purge_outbox(std::int64_t up_to_seq, std::int64_t created_before, std::size_t limit) {
  require_transaction();
  Query q = connection().query(
      "DELETE FROM outbox WHERE seq IN "
      "(SELECT seq FROM outbox WHERE seq <= ? AND created_on < ? ORDER BY seq LIMIT ?)");
  q.bind(1, up_to_seq).bind(2, created_before).bind(3, static_cast<std::int64_t>(limit)).run();
  return static_cast<std::size_t>(sqlite3_changes(connection().handle()));
}

}  // namespace tender::store::sqlite
