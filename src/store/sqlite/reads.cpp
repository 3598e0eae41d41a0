#include "store/sqlite/reads.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/sqlite/document_codec.hpp"
#include "store/sqlite/limits.hpp"
#include "store/store_error.hpp"

namespace tender::store::sqlite::reads {

namespace {

constexpr const char* kRecordColumns =
    "SELECT kind, id, company_id, lookup, status, created_on, version, body FROM records ";
constexpr const char* kPostingColumns =
    "SELECT transaction_id, company_id, purchase_id, account, currency, amount_minor, kind, "
    "created_on, is_test FROM postings ";

Record record_from(const Query& q) {
  Record r;
  r.kind = q.text(0);
  r.id = q.text(1);
  r.company_id = q.text(2);
  r.lookup = q.text(3);
  r.status = q.text(4);
  r.created_on = q.int64(5);
  r.version = q.int64(6);
  r.body = decode_document(q.bytes(7));
  return r;
}

Posting posting_from(const Query& q) {
  Posting p;
  p.transaction_id = q.text(0);
  p.company_id = q.text(1);
  p.purchase_id = q.text(2);
  p.account = q.text(3);
  p.currency = q.text(4);
  p.amount_minor = q.int64(5);
  p.kind = q.text(6);
  p.created_on = q.int64(7);
  p.is_test = q.int64(8) != 0;
  return p;
}

std::optional<Record> one_record(Query& q) {
  if (!q.next()) return std::nullopt;
  return record_from(q);
}

std::int64_t as_sql_limit(std::size_t limit, std::size_t cap) {
  return static_cast<std::int64_t>(std::min(limit, cap));
}

}  // namespace

std::optional<Record> get(Connection& c, const std::string& kind, const std::string& id) {
  static const std::string sql = std::string(kRecordColumns) + "WHERE kind = ? AND id = ?";
  Query q = c.query(sql);
  q.bind(1, kind).bind(2, id);
  return one_record(q);
}

std::optional<Record> find_by_lookup(Connection& c, const std::string& kind, const std::string& lookup) {
  if (lookup.empty()) return std::nullopt;  // empty means "no lookup key", never a match
  // The predicate repeats the partial index's condition so the planner can use that index.
  static const std::string sql =
      std::string(kRecordColumns) + "WHERE kind = ? AND lookup = ? AND lookup <> ''";
  Query q = c.query(sql);
  q.bind(1, kind).bind(2, lookup);
  return one_record(q);
}

std::vector<Record> list(Connection& c, const ListQuery& query) {
  if (query.after_id && !query.after_created_on) {
    throw std::invalid_argument("list: after_id needs after_created_on");
  }
  if (query.oldest_first && (!query.all_companies || query.created_from || query.after_created_on))
    throw std::invalid_argument("list: oldest_first is for all companies, without a start or cursor");
  if (query.limit == 0) return {};
  std::vector<std::string> statuses = query.statuses;
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  if (statuses.size() > kMaxListStatuses) throw std::invalid_argument("list: too many statuses");

  // The SQL varies only in its shape (which filters, how many statuses), never in values, so the
  // statement cache stays bounded: at most (kMaxListStatuses + 1) * (2 * 2 * 3 + 1) variants.
  std::string sql = std::string(kRecordColumns) + (query.all_companies ? "WHERE kind = ?" : "WHERE kind = ? AND company_id = ?");
  if (!statuses.empty()) {
    sql += " AND status IN (?";
    for (std::size_t i = 1; i < statuses.size(); ++i) sql += ", ?";
    sql += ")";
  }
  if (query.created_from) sql += " AND created_on >= ?";
  if (query.created_to) sql += " AND created_on <= ?";
  if (query.after_created_on) {
    // Row values compare lexicographically, matching the (created_on DESC, id DESC) order.
    sql += query.after_id ? " AND (created_on, id) < (?, ?)" : " AND created_on < ?";
  }
  sql += query.oldest_first ? " ORDER BY created_on, id LIMIT ?" : " ORDER BY created_on DESC, id DESC LIMIT ?";

  Query q = c.query(sql);
  int n = 0;
  q.bind(++n, query.kind);
  if (!query.all_companies) q.bind(++n, query.company_id);
  for (const auto& status : statuses) q.bind(++n, status);
  if (query.created_from) q.bind(++n, *query.created_from);
  if (query.created_to) q.bind(++n, *query.created_to);
  if (query.after_created_on) {
    q.bind(++n, *query.after_created_on);
    if (query.after_id) q.bind(++n, *query.after_id);
  }
  q.bind(++n, as_sql_limit(query.limit, kMaxListLimit));

  std::vector<Record> rows;
  while (q.next()) rows.push_back(record_from(q));
  return rows;
}

std::vector<Posting> postings_for_purchase(Connection& c, const std::string& purchase_id) {
  // One row over the cap so that overflow is detected rather than silently truncating a ledger.
  static const std::string sql =
      std::string(kPostingColumns) + "WHERE purchase_id = ? ORDER BY seq LIMIT ?";
  Query q = c.query(sql);
  q.bind(1, purchase_id).bind(2, static_cast<std::int64_t>(kMaxPurchasePostings + 1));
  std::vector<Posting> rows;
  while (q.next()) rows.push_back(posting_from(q));
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
                                "WHERE company_id = ? AND is_test = ? AND created_on >= ? AND created_on <= ? "
                                "ORDER BY created_on, seq LIMIT ?";
  Query q = c.query(sql);
  q.bind(1, company_id).bind(2, std::int64_t{is_test}).bind(3, from).bind(4, to);
  q.bind(5, as_sql_limit(limit, kMaxCompanyPostings));
  std::vector<Posting> rows;
  while (q.next()) rows.push_back(posting_from(q));
  return rows;
}

std::vector<ReadView::AccountBalance> balances(Connection& c, const std::string& company_id, bool is_test) {
  Query q = c.query(
      "SELECT account, currency, SUM(amount_minor) FROM postings WHERE company_id = ? AND is_test = ? "
      "GROUP BY account, currency ORDER BY currency, account");
  q.bind(1, company_id).bind(2, std::int64_t{is_test});
  std::vector<ReadView::AccountBalance> rows;
  while (q.next()) rows.push_back({q.text(0), q.text(1), q.int64(2)});
  return rows;
}

std::optional<IdempotencyRecord> idempotency(Connection& c, const std::string& company_id,
                                             const std::string& key) {
  Query q = c.query(
      "SELECT company_id, key, request_hash, status_code, response_body, response_content_type, "
      "created_on FROM idempotency WHERE company_id = ? AND key = ?");
  q.bind(1, company_id).bind(2, key);
  if (!q.next()) return std::nullopt;
  IdempotencyRecord r;
  r.company_id = q.text(0);
  r.key = q.text(1);
  r.request_hash = q.text(2);
  r.status_code = static_cast<int>(q.int64(3));
  r.response_body = q.text(4);
  r.response_content_type = q.text(5);
  r.created_on = q.int64(6);
  return r;
}

std::vector<OutboxEvent> outbox_after(Connection& c, std::int64_t after_seq, std::size_t limit) {
  if (limit == 0) return {};
  Query q = c.query(
      "SELECT seq, id, company_id, object_id, event_type, payload, created_on FROM outbox "
      "WHERE seq > ? ORDER BY seq LIMIT ?");
  q.bind(1, after_seq).bind(2, as_sql_limit(limit, kMaxOutboxLimit));
  std::vector<OutboxEvent> rows;
  while (q.next()) {
    OutboxEvent e;
    e.seq = q.int64(0);
    e.id = q.text(1);
    e.company_id = q.text(2);
    e.object_id = q.text(3);
    e.event_type = q.text(4);
    e.payload = decode_document(q.bytes(5));
    e.created_on = q.int64(6);
    rows.push_back(std::move(e));
  }
  return rows;
}

}  // namespace tender::store::sqlite::reads
