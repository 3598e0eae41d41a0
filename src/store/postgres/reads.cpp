#include "store/postgres/reads.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/postgres/limits.hpp"
#include "store/store_error.hpp"

namespace tender::store::postgres::reads {

namespace {

constexpr const char* kRecordColumns =
    "SELECT kind, id, company_id, lookup, status, created_on, version, body FROM records ";
constexpr const char* kPostingColumns =
    "SELECT transaction_id, company_id, purchase_id, account, currency, amount_minor, kind, created_on, is_test "
    "FROM postings ";

Record record_from(const Result& r, int row) {
  Record out;
  out.kind = r.text(row, 0);
  out.id = r.text(row, 1);
  out.company_id = r.text(row, 2);
  out.lookup = r.text(row, 3);
  out.status = r.text(row, 4);
  out.created_on = r.int64(row, 5);
  out.version = r.int64(row, 6);
  out.body = r.text(row, 7);
  return out;
}

Posting posting_from(const Result& r, int row) {
  Posting p;
  p.transaction_id = r.text(row, 0);
  p.company_id = r.text(row, 1);
  p.purchase_id = r.text(row, 2);
  p.account = r.text(row, 3);
  p.currency = r.text(row, 4);
  p.amount_minor = r.int64(row, 5);
  p.kind = r.text(row, 6);
  p.created_on = r.int64(row, 7);
  p.is_test = r.int64(row, 8) != 0;
  return p;
}

std::optional<Record> one_record(const Result& r) {
  if (r.rows() == 0) return std::nullopt;
  return record_from(r, 0);
}

std::vector<Posting> postings_of(const Result& r) {
  std::vector<Posting> rows;
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) rows.push_back(posting_from(r, i));
  return rows;
}

std::int64_t as_sql_limit(std::size_t limit, std::size_t cap) { return static_cast<std::int64_t>(std::min(limit, cap)); }

}  // namespace

std::optional<Record> get(Connection& c, const std::string& kind, const std::string& id) {
  static const std::string sql = std::string(kRecordColumns) + "WHERE kind = $1 AND id = $2";
  return one_record(c.query(sql, Params().add(kind).add(id)));
}

std::optional<Record> find_by_lookup(Connection& c, const std::string& kind, const std::string& lookup) {
  if (lookup.empty()) return std::nullopt;  // empty means "no lookup key", never a match
  // The predicate repeats the partial index's condition so the planner can use that index.
  static const std::string sql = std::string(kRecordColumns) + "WHERE kind = $1 AND lookup = $2 AND lookup <> ''";
  return one_record(c.query(sql, Params().add(kind).add(lookup)));
}

std::vector<Record> list(Connection& c, const ListQuery& query) {
  if (query.after_id && !query.after_created_on) throw std::invalid_argument("list: after_id needs after_created_on");
  if (query.oldest_first && (!query.all_companies || query.created_from || query.after_created_on))
    throw std::invalid_argument("list: oldest_first is for all companies, without a start or cursor");
  if (query.limit == 0) return {};
  std::vector<std::string> statuses = query.statuses;
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  if (statuses.size() > kMaxListStatuses) throw std::invalid_argument("list: too many statuses");

  // The SQL varies only in its shape, never in values, so the prepared-statement cache stays
  // bounded: at most (kMaxListStatuses + 1) * (2 * 2 * 2 * 3 + 1) variants.
  Params params;
  int n = 0;
  auto next = [&] { return "$" + std::to_string(++n); };
  std::string sql = std::string(kRecordColumns) + "WHERE kind = " + next();
  params.add(query.kind);
  if (!query.all_companies) {
    sql += " AND company_id = " + next();
    params.add(query.company_id);
  }
  if (!statuses.empty()) {
    sql += " AND status IN (";
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      sql += (i ? ", " : "") + next();
      params.add(statuses[i]);
    }
    sql += ")";
  }
  if (query.created_from) {
    sql += " AND created_on >= " + next();
    params.add(*query.created_from);
  }
  if (query.created_to) {
    sql += " AND created_on <= " + next();
    params.add(*query.created_to);
  }
  if (query.after_created_on) {
    // Row values compare lexicographically, matching the (created_on DESC, id DESC) order.
    if (query.after_id) {
      sql += " AND (created_on, id) < (" + next();
      sql += ", " + next() + ")";
      params.add(*query.after_created_on).add(*query.after_id);
    } else {
      sql += " AND created_on < " + next();
      params.add(*query.after_created_on);
    }
  }
  sql += query.oldest_first ? " ORDER BY created_on, id LIMIT " + next() : " ORDER BY created_on DESC, id DESC LIMIT " + next();
  params.add(as_sql_limit(query.limit, kMaxListLimit));

  Result r = c.query(sql, params);
  std::vector<Record> rows;
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) rows.push_back(record_from(r, i));
  return rows;
}

std::vector<Posting> postings_for_purchase(Connection& c, const std::string& purchase_id) {
  // One row over the cap so that overflow is detected rather than silently truncating a ledger.
  static const std::string sql = std::string(kPostingColumns) + "WHERE purchase_id = $1 ORDER BY seq LIMIT $2";
  auto rows = postings_of(c.query(sql, Params().add(purchase_id).add(static_cast<std::int64_t>(kMaxPurchasePostings + 1))));
  if (rows.size() > kMaxPurchasePostings) {
    throw StoreError("postings_for_purchase: more than " + std::to_string(kMaxPurchasePostings) +
                     " postings for purchase " + purchase_id);
  }
  return rows;
}

std::vector<Posting> postings_for_company(Connection& c, const std::string& company_id, bool is_test,
                                          std::int64_t from, std::int64_t to, std::size_t limit) {
  if (limit == 0 || from > to) return {};
  static const std::string sql = std::string(kPostingColumns) +
                                 "WHERE company_id = $1 AND is_test = $2 AND created_on >= $3 AND created_on <= $4 "
                                 "ORDER BY created_on, seq LIMIT $5";
  return postings_of(c.query(sql, Params().add(company_id).add(std::int64_t{is_test}).add(from).add(to).add(
                                      as_sql_limit(limit, kMaxCompanyPostings))));
}

std::vector<ReadView::AccountBalance> balances(Connection& c, const std::string& company_id, bool is_test) {
  // SUM(bigint) is numeric in PostgreSQL; the cast back fails loudly (out of range) rather than
  // wrapping, where SQLite would raise "integer overflow".
  Result r = c.query(
      "SELECT account, currency, SUM(amount_minor)::BIGINT FROM postings WHERE company_id = $1 AND is_test = $2 "
      "GROUP BY account, currency ORDER BY currency, account",
      Params().add(company_id).add(std::int64_t{is_test}));
  std::vector<ReadView::AccountBalance> rows;
  for (int i = 0; i < r.rows(); ++i) rows.push_back({r.text(i, 0), r.text(i, 1), r.int64(i, 2)});
  return rows;
}

std::optional<IdempotencyRecord> idempotency(Connection& c, const std::string& company_id, const std::string& key) {
  Result r = c.query(
      "SELECT company_id, key, request_hash, status_code, response_body, response_content_type, created_on "
      "FROM idempotency WHERE company_id = $1 AND key = $2",
      Params().add(company_id).add(key));
  if (r.rows() == 0) return std::nullopt;
  IdempotencyRecord out;
  out.company_id = r.text(0, 0);
  out.key = r.text(0, 1);
  out.request_hash = r.text(0, 2);
  out.status_code = static_cast<int>(r.int64(0, 3));
  out.response_body = r.text(0, 4);
  out.response_content_type = r.text(0, 5);
  out.created_on = r.int64(0, 6);
  return out;
}

std::vector<OutboxEvent> outbox_after(Connection& c, std::int64_t after_seq, std::size_t limit) {
  if (limit == 0) return {};
  // Several writers commit concurrently, so a row can become visible after a row with a higher
  // seq. A consumer that remembers "last seq seen" must therefore only be shown a prefix that
  // can no longer grow below its end: rows whose writing transaction is older than every
  // transaction still in flight. seq = (writer's transaction id << 12) + n, and every
  // transaction id below the snapshot's xmin has finished, so `seq < xmin << 12` is such a
  // prefix. A transaction still running (anywhere in the cluster) holds the horizon back, which
  // delays events, never loses them. Rows copied from SQLite keep their small seqs: all below.
  static const std::string sql =
      "SELECT seq, id, company_id, object_id, event_type, payload, created_on FROM outbox "
      "WHERE seq > $1 AND seq < (pg_snapshot_xmin(pg_current_snapshot())::text::BIGINT << " +
      std::to_string(kOutboxSeqShift) + ") ORDER BY seq LIMIT $2";
  Result r = c.query(sql, Params().add(after_seq).add(as_sql_limit(limit, kMaxOutboxLimit)));
  std::vector<OutboxEvent> rows;
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    OutboxEvent e;
    e.seq = r.int64(i, 0);
    e.id = r.text(i, 1);
    e.company_id = r.text(i, 2);
    e.object_id = r.text(i, 3);
    e.event_type = r.text(i, 4);
    e.payload = r.text(i, 5);
    e.created_on = r.int64(i, 6);
    rows.push_back(std::move(e));
  }
  return rows;
}

}  // namespace tender::store::postgres::reads
