#pragma once
// The store interface: what the engine needs from durable storage. SQLite implements it today
// (store/sqlite/), PostgreSQL later. Objects are stored as versioned JSON documents with a few
// indexed columns; money movements (ledger), events (outbox) and idempotency records have their
// own tables because they are queried by more than their id.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tender::metrics {
class Registry;
}

namespace tender::store {

// One stored object (purchase, client, company, brand, api_key, webhook...).
struct Record {
  std::string kind;        // object kind, e.g. "purchase"
  std::string id;          // UUID text
  std::string company_id;  // owner; every read by the API is scoped by it
  std::string lookup;      // optional secondary key, unique per kind when not empty (e.g. API key hash)
  std::string status;      // indexed for list filters; empty when the kind has none
  std::int64_t created_on = 0;  // unix seconds
  std::int64_t version = 0;     // set by put(): 1 on insert, +1 on each update
  std::string body;             // JSON text of the object
};

struct ListQuery {
  std::string kind;
  std::string company_id;
  bool all_companies = false;  // background jobs (sweepers, recovery) only; never for API reads
  std::vector<std::string> statuses;          // empty: any status
  std::optional<std::int64_t> created_from;   // inclusive, unix seconds
  std::optional<std::int64_t> created_to;     // inclusive, unix seconds
  // Keyset pagination in (created_on DESC, id DESC) order: rows strictly after this cursor.
  std::optional<std::int64_t> after_created_on;
  std::optional<std::string> after_id;
  std::size_t limit = 100;
  // (created_on, id) ascending instead: the oldest rows (the oldest pending webhook delivery, the
  // longest overdue timers). Background jobs only: needs all_companies, and takes created_to but
  // no created_from or cursor.
  bool oldest_first = false;
};

// One leg of a double-entry ledger transaction; the legs of one transaction_id sum to zero
// per currency.
struct Posting {
  std::string transaction_id;
  std::string company_id;
  std::string purchase_id;
  std::string account;     // e.g. "customer_funds", "merchant_pending", "merchant_available", "fees"
  std::string currency;    // ISO 4217 code
  std::int64_t amount_minor = 0;  // debit positive, credit negative
  std::string kind;        // authorization, capture, release, refund, fee...
  std::int64_t created_on = 0;
  bool is_test = true;     // the purchase's mode: test and live money are reported apart
};

// An event written with the change it describes (transactional outbox).
struct OutboxEvent {
  std::int64_t seq = 0;      // assigned by the store, strictly increasing
  std::string id;            // event UUID
  std::string company_id;
  std::string object_id;     // the purchase (or other object) the event is about; delivery order key
  std::string event_type;    // e.g. "purchase.paid"
  std::string payload;       // JSON text, the object snapshot
  std::int64_t created_on = 0;
};

struct IdempotencyRecord {
  std::string company_id;
  std::string key;
  std::string request_hash;  // hex SHA-256 over method, path and body
  int status_code = 0;       // 0 while the first request is still in flight
  std::string response_body;
  std::string response_content_type;
  std::int64_t created_on = 0;
};

// Thrown by WriteTxn::put when the stored version is not the expected one.
struct VersionConflict : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown when a unique lookup key is already taken.
struct DuplicateKey : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ReadView {
 public:
  virtual ~ReadView() = default;
  virtual std::optional<Record> get(const std::string& kind, const std::string& id) = 0;
  virtual std::optional<Record> find_by_lookup(const std::string& kind, const std::string& lookup) = 0;
  virtual std::vector<Record> list(const ListQuery& query) = 0;
  virtual std::vector<Posting> postings_for_purchase(const std::string& purchase_id) = 0;
  // One mode's postings of one company with from <= created_on <= to, oldest first.
  virtual std::vector<Posting> postings_for_company(const std::string& company_id, bool is_test,
                                                    std::int64_t from, std::int64_t to,
                                                    std::size_t limit) = 0;
  struct AccountBalance {
    std::string account;
    std::string currency;
    std::int64_t amount_minor = 0;
  };
  // Sum of postings per (account, currency) for one company's mode.
  virtual std::vector<AccountBalance> balances(const std::string& company_id, bool is_test) = 0;
  virtual std::optional<IdempotencyRecord> idempotency(const std::string& company_id,
                                                       const std::string& key) = 0;
  // Events with seq > after_seq, oldest first.
  virtual std::vector<OutboxEvent> outbox_after(std::int64_t after_seq, std::size_t limit) = 0;
};

class WriteTxn : public ReadView {
 public:
  // Inserts (expected_version == 0) or updates (expected_version == stored version) the record;
  // sets record.version to the new version. Throws VersionConflict / DuplicateKey.
  virtual void put(Record& record, std::int64_t expected_version) = 0;
  virtual void remove(const std::string& kind, const std::string& id) = 0;
  virtual void post(const std::vector<Posting>& legs) = 0;
  virtual void append(OutboxEvent& event) = 0;  // sets event.seq
  virtual void put_idempotency(const IdempotencyRecord& record) = 0;  // insert or replace
  virtual void remove_idempotency(const std::string& company_id, const std::string& key) = 0;
  // Deletes up to `limit` idempotency records (any company) created before `created_before`;
  // returns how many. Bounded so that housekeeping never holds the writer for long.
  virtual std::size_t purge_idempotency(std::int64_t created_before, std::size_t limit) = 0;
  // Deletes up to `limit` outbox events with seq <= up_to_seq created before `created_before`,
  // oldest first; returns how many. The caller guarantees no consumer still needs them.
  virtual std::size_t purge_outbox(std::int64_t up_to_seq, std::int64_t created_before, std::size_t limit) = 0;
};

// The schema the database is at, and the one this build migrates to (GET /readyz).
struct SchemaVersions {
  std::int64_t applied = 0;  // the highest migration recorded in the database
  std::int64_t known = 0;    // how many migrations this build has
};

class Store {
 public:
  virtual ~Store() = default;
  // A consistent read snapshot on a reader connection.
  virtual std::unique_ptr<ReadView> read() = 0;
  // Runs `work` inside the writer's current group-commit transaction (its own savepoint) and
  // returns only after that transaction committed durably. An exception thrown by `work`
  // rolls back its savepoint only and is rethrown here; other work in the batch still commits.
  // The PostgreSQL store runs `work` in its own transaction and may run it again (a bounded
  // number of times) after a serialization failure: effects outside `txn` must be repeatable.
  virtual void write(const std::function<void(WriteTxn&)>& work) = 0;

  // Leases: time-limited ownership of a piece of background work (webhook dispatch, sweepers)
  // shared by every process on one database, so that it runs on one node at a time and moves to
  // another when its owner dies. True when `owner` holds `name` for the next `ttl_ms` (newly
  // acquired, or renewed); false while another owner's lease has not expired. The database's
  // clock judges expiry, so the nodes' clocks need not agree. A store that only one process
  // uses (SQLite) grants every lease.
  virtual bool acquire_lease(const std::string& name, const std::string& owner, std::int64_t ttl_ms) {
    (void)name, (void)owner, (void)ttl_ms;
    return true;
  }
  // Gives a lease up before it expires (clean shutdown); nothing happens if `owner` does not hold it.
  virtual void release_lease(const std::string& name, const std::string& owner) { (void)name, (void)owner; }

  // Reads the applied schema version on a reader connection: a round trip to the database, for
  // readiness probes. Throws when the database does not answer.
  virtual SchemaVersions schema_versions() = 0;
};

struct SqliteOptions {
  std::string path;                  // database file
  std::size_t max_batch = 256;       // commands per group commit
  std::size_t max_queue = 10000;     // queued commands before write() blocks the caller
  std::size_t reader_connections = 8;
  metrics::Registry* metrics = nullptr;  // write latency, group-commit batches, queue depth; null: none
  int wal_restart_frames = 16000;  // WAL frames (4 KiB pages) after which the writer starts it over
};

std::unique_ptr<Store> open_sqlite(const SqliteOptions& options);

// PostgreSQL (store/postgres/): several Tender processes may share one database.
struct PostgresOptions {
  std::string url;                     // postgres://user:password@host:port/dbname?sslmode=...
  std::size_t write_connections = 16;  // pooled connections for write(); each runs one transaction
  std::size_t read_connections = 16;   // pooled connections for read() snapshots
  int max_write_attempts = 30;         // runs of one write() after serialization failures/deadlocks
  metrics::Registry* metrics = nullptr;  // write latency, outcomes and retries; null: none
};

std::unique_ptr<Store> open_postgres(const PostgresOptions& options);

}  // namespace tender::store
