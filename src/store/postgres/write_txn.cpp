#include "store/postgres/write_txn.hpp"
#include "util/invariant.hpp"

#include <limits>
#include <stdexcept>

#include "store/postgres/limits.hpp"
#include "store/postgres/record_checks.hpp"

namespace tender::store::postgres {

namespace {

// Legs per INSERT statement: one round trip for a usual posting (2 or 3 legs) while keeping the
// number of statement shapes, and so the prepared-statement cache, small.
constexpr std::size_t kLegsPerStatement = 8;

const std::string& insert_legs_sql(std::size_t legs) {
  static const auto all = [] {
    std::vector<std::string> out(kLegsPerStatement + 1);
    for (std::size_t n = 1; n <= kLegsPerStatement; ++n) {
      std::string sql =
          "INSERT INTO postings (transaction_id, company_id, purchase_id, account, currency, amount_minor, kind, "
          "created_on, is_test) VALUES ";
      for (std::size_t i = 0; i < n; ++i) {
        sql += i ? ", (" : "(";
        for (std::size_t col = 1; col <= 9; ++col) sql += (col > 1 ? ", $" : "$") + std::to_string(i * 9 + col);
        sql += ")";
      }
      out[n] = std::move(sql);
    }
    return out;
  }();
  TENDER_ASSERT(legs >= 1 && legs <= kLegsPerStatement, "posting_legs_per_statement", "write_txn.cpp");
  return all[legs];
}

}  // namespace

void PgWriteTxn::on_error(const PgError& e) {
  if (first_error_.empty()) first_error_ = e.what();
  // Before COMMIT nothing is durable, so a lost connection is as safe to retry as a conflict.
  if (is_retryable(e.sqlstate) || e.lost) retry_wanted_ = true;
}

void PgWriteTxn::put(Record& record, std::int64_t expected_version) {
  checks::record(record);
  if (expected_version < 0 || expected_version == std::numeric_limits<std::int64_t>::max()) {
    throw std::invalid_argument("put: bad expected_version");
  }
  // Messages name kind and id only: lookup may be a credential hash and body is customer data.
  const std::string what = record.kind + " " + record.id;
  note_key(record.kind + "/" + record.id);
  guard([&] {
    if (expected_version == 0) {
      // DO NOTHING instead of a unique-violation error: an error would abort the transaction,
      // where SQLite lets the work catch DuplicateKey and go on. Under SERIALIZABLE a clash with
      // a row the snapshot cannot see (a concurrent insert) is a serialization failure, retried.
      Result r = connection().query(
          "INSERT INTO records (kind, id, company_id, lookup, status, created_on, version, body) "
          "VALUES ($1, $2, $3, $4, $5, $6, 1, $7) ON CONFLICT DO NOTHING RETURNING pg_current_xact_id()::text",
          Params().add(record.kind).add(record.id).add(record.company_id).add(record.lookup).add(record.status)
              .add(record.created_on).add(record.body));
      if (r.affected() == 1) {
        note_xid(r);
        record.version = 1;
        return;
      }
      Result existing = connection().query("SELECT 1 FROM records WHERE kind = $1 AND id = $2",
                                           Params().add(record.kind).add(record.id));
      throw DuplicateKey(existing.rows() ? "record exists: " + what : "lookup key taken: " + what);
    }
    // The lookup clash is tested in the statement for the same reason (no aborting error).
    Result r = connection().query(
        "UPDATE records SET company_id = $1, lookup = $2, status = $3, created_on = $4, version = version + 1, "
        "body = $5 WHERE kind = $6 AND id = $7 AND version = $8 AND ($2 = '' OR NOT EXISTS ("
        "SELECT 1 FROM records o WHERE o.kind = $6 AND o.lookup = $2 AND o.lookup <> '' AND o.id <> $7)) "
        "RETURNING pg_current_xact_id()::text",
        Params().add(record.company_id).add(record.lookup).add(record.status).add(record.created_on)
            .add(record.body).add(record.kind).add(record.id).add(expected_version));
    TENDER_ASSERT(r.affected() <= 1 && "(kind, id) is the primary key", "record_key_unique", "write_txn.cpp");
    if (r.affected() == 1) {
      note_xid(r);
      record.version = expected_version + 1;
      return;
    }
    Result stored = connection().query("SELECT version FROM records WHERE kind = $1 AND id = $2",
                                       Params().add(record.kind).add(record.id));
    if (stored.rows() == 1 && stored.int64(0, 0) == expected_version) throw DuplicateKey("lookup key taken: " + what);
    throw VersionConflict("version conflict: " + what + " expected version " + std::to_string(expected_version));
  });
}

void PgWriteTxn::remove(const std::string& kind, const std::string& id) {
  note_key(kind + "/" + id);
  guard([&] {
    connection().query("DELETE FROM records WHERE kind = $1 AND id = $2", Params().add(kind).add(id));
  });
}

void PgWriteTxn::post(const std::vector<Posting>& legs) {
  if (legs.size() > kMaxLegsPerPost) throw std::invalid_argument("post: too many legs");
  checks::balanced(legs);
  guard([&] {
    for (std::size_t first = 0; first < legs.size(); first += kLegsPerStatement) {
      const std::size_t n = std::min(kLegsPerStatement, legs.size() - first);
      Params params;
      for (std::size_t i = first; i < first + n; ++i) {
        const Posting& leg = legs[i];
        params.add(leg.transaction_id).add(leg.company_id).add(leg.purchase_id).add(leg.account).add(leg.currency)
            .add(leg.amount_minor).add(leg.kind).add(leg.created_on).add(std::int64_t{leg.is_test});
      }
      // Nothing is read back: sent with the transaction's next statement (or its COMMIT).
      connection().defer(insert_legs_sql(n), params);
    }
  });
}

void PgWriteTxn::append(OutboxEvent& event) {
  checks::event(event);
  if (events_ >= kMaxEventsPerTransaction) throw std::invalid_argument("append: too many events in one transaction");
  // seq follows the writer's transaction id (see reads.cpp, outbox_after): strictly increasing
  // within the transaction and across transactions that are ordered by commit-then-start. The
  // id usually came back with a put of this transaction; the insert itself is deferred (sent
  // with the next statement or the COMMIT). A duplicate event id is a unique violation there,
  // which fails the transaction; write() reports it as DuplicateKey.
  static const std::string sql =
      "INSERT INTO outbox (seq, id, company_id, object_id, event_type, payload, created_on) VALUES "
      "($1, $2, $3, $4, $5, $6, $7)";
  guard([&] {
    if (xid_ == 0) xid_ = connection().query("SELECT pg_current_xact_id()::text::BIGINT").int64(0, 0);
    const std::int64_t seq = (xid_ << kOutboxSeqShift) + static_cast<std::int64_t>(events_);
    TENDER_ASSERT(seq > 0 && (seq >> kOutboxSeqShift) == xid_, "outbox_sequence_positive", "write_txn.cpp");
    connection().defer(sql, Params().add(seq).add(event.id).add(event.company_id).add(event.object_id)
                                .add(event.event_type).add(event.payload).add(event.created_on));
    ++events_;
    event.seq = seq;
  });
}

void PgWriteTxn::note_xid(const Result& r) {
  if (xid_ == 0 && r.rows() == 1) xid_ = r.int64(0, 0);
}

void PgWriteTxn::put_idempotency(const IdempotencyRecord& record) {
  checks::idempotency(record);
  note_key("idempotency/" + record.company_id + "/" + record.key);
  guard([&] {
    connection().query(
        "INSERT INTO idempotency (company_id, key, request_hash, status_code, response_body, response_content_type, "
        "created_on) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "ON CONFLICT (company_id, key) DO UPDATE SET request_hash = excluded.request_hash, "
        "status_code = excluded.status_code, response_body = excluded.response_body, "
        "response_content_type = excluded.response_content_type, created_on = excluded.created_on",
        Params().add(record.company_id).add(record.key).add(record.request_hash)
            .add(static_cast<std::int64_t>(record.status_code)).add(record.response_body)
            .add(record.response_content_type).add(record.created_on));
  });
}

void PgWriteTxn::remove_idempotency(const std::string& company_id, const std::string& key) {
  guard([&] {
    connection().query("DELETE FROM idempotency WHERE company_id = $1 AND key = $2", Params().add(company_id).add(key));
  });
}

std::size_t PgWriteTxn::purge_idempotency(std::int64_t created_before, std::size_t limit) {
  std::size_t purged = 0;
  guard([&] {
    auto result = connection().query(
        "DELETE FROM idempotency WHERE (company_id, key) IN (SELECT company_id, key FROM idempotency "
        "WHERE created_on < $1 ORDER BY created_on LIMIT $2)",
        Params().add(created_before).add(static_cast<std::int64_t>(limit)));
    purged = result.affected();
  });
  return purged;
}

std::size_t PgWriteTxn::purge_outbox(std::int64_t up_to_seq, std::int64_t created_before, std::size_t limit) {
  std::size_t purged = 0;
  guard([&] {
    auto result = connection().query(
        "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE seq <= $1 AND created_on < $2 "
        "ORDER BY seq LIMIT $3)",
        Params().add(up_to_seq).add(created_before).add(static_cast<std::int64_t>(limit)));
    purged = result.affected();
  });
  return purged;
}

}  // namespace tender::store::postgres
