#include "store/postgres/postgres_store.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include "store/postgres/limits.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/reads.hpp"
#include "store/postgres/write_txn.hpp"

namespace tender::store::postgres {

namespace {

// write() inside a work function would take a second connection and could wait forever on a
// row lock its own outer transaction holds; refuse it as the SQLite store does.
thread_local int t_write_depth = 0;

void check_options(const PostgresOptions& o) {
  if (!is_postgres_url(o.url)) throw std::invalid_argument("postgres: url must start with postgres:// or postgresql://");
  if (o.read_connections < 1 || o.read_connections > kMaxConnections) {
    throw std::invalid_argument("postgres: read_connections out of range");
  }
  if (o.write_connections < 1 || o.write_connections > kMaxConnections) {
    throw std::invalid_argument("postgres: write_connections out of range");
  }
  if (o.max_write_attempts < 1 || o.max_write_attempts > kMaxWriteAttempts) {
    throw std::invalid_argument("postgres: max_write_attempts out of range");
  }
}

// Used while another error propagates, or after a failure: the connection is closed rather than
// reused when the ROLLBACK itself fails.
void rollback_quietly(Pool::Lease& lease) noexcept {
  try {
    if (!lease->broken() && !lease->idle()) lease->exec("ROLLBACK");
  } catch (...) {
  }
  if (lease->broken() || !lease->idle()) lease.discard();
}

// Exponential back-off with full jitter, so that writers who collided do not collide again.
void back_off(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const auto cap_us = std::min<std::int64_t>(kMaxRetryBackoff.count() * 1000, std::int64_t{1000} << std::min(attempt, 20));
  std::uniform_int_distribution<std::int64_t> pick(0, cap_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pick(rng)));
}

class PgReadView final : public ConnectionReads<ReadView> {
 public:
  explicit PgReadView(Pool::Lease lease) : ConnectionReads<ReadView>(*lease), lease_(std::move(lease)) {}
  ~PgReadView() override { rollback_quietly(lease_); }  // read only: nothing to keep

 private:
  Pool::Lease lease_;
};

}  // namespace

bool is_postgres_url(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::string redacted_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return "(unparsable URL)";
  }
  std::string host = "localhost", port = "5432", dbname;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string key = o->keyword;
    if (key == "host") host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  PQconninfoFree(options);
  return host + ":" + port + "/" + dbname;
}

PostgresStore::PostgresStore(const PostgresOptions& options)
    : options_(options),
      metrics_(options.metrics),
      retries_metric_(metrics_.registry().counter(
          "tender_store_write_retries_total",
          "PostgreSQL: write transactions run again after a serialization failure, deadlock or lost connection.")) {
  check_options(options_);
  // Every writer may need one read at a time (engine code reads inside some writes).
  readers_ = Pool::create(options_.url, options_.read_connections, options_.write_connections, "read");
  writers_ = Pool::create(options_.url, options_.write_connections, 0, "write");
  auto lease = writers_->acquire();
  try {
    apply_migrations(*lease);
  } catch (...) {
    lease.discard();
    throw;
  }
}

PostgresStore::~PostgresStore() = default;

std::unique_ptr<ReadView> PostgresStore::read() {
  for (int attempt = 1;; ++attempt) {
    // Inside write(): never wait on a reader held by someone who waits on this writer.
    auto lease = readers_->acquire(/*may_overflow=*/t_write_depth > 0);
    try {
      // The SELECT takes the snapshot now: a snapshot is the state at read(), not at whichever
      // query the caller happens to run first.
      lease->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1");
      return std::make_unique<PgReadView>(std::move(lease));
    } catch (const PgError& e) {
      rollback_quietly(lease);
      // An idle pooled connection may have died (server restart): so have its peers; one fresh try.
      if (!e.lost || attempt >= 2) throw;
      readers_->drop_idle();
    }
  }
}

// A deferred insert (an outbox event) that met a unique key fails the statement it was sent
// with, or the COMMIT: the caller learns it as DuplicateKey, as from SQLite.
[[noreturn]] static void rethrow_as_duplicate_key(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const PgError& e) {
    if (is_unique_violation(e.sqlstate)) throw DuplicateKey(e.what());
    throw;
  }
}

// A session-level advisory lock on a row key, taken before BEGIN so that the transaction's
// snapshot is taken after the previous holder committed. Released when the attempt ends (or
// by the server, if the connection is closed).
class KeyQueue {
 public:
  KeyQueue(Pool::Lease& lease, const std::string& key) : lease_(lease), key_(key) {
    if (!key_.empty()) lease_->query("SELECT pg_advisory_lock(hashtextextended($1, 0))", Params().add(key_));
  }
  ~KeyQueue() {
    if (key_.empty() || !lease_.valid() || lease_->broken()) return;
    try {
      if (!lease_->idle()) lease_->exec("ROLLBACK");
      lease_->query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", Params().add(key_));
    } catch (...) {
      lease_.discard();  // closing the session releases the lock
    }
  }

 private:
  Pool::Lease& lease_;
  const std::string key_;
};

void PostgresStore::run_once(const std::function<void(WriteTxn&)>& work, bool& retry, std::string& hot_key) {
  retry = false;
  auto lease = writers_->acquire();
  std::optional<KeyQueue> queue;  // destroyed before `lease`: unlocks before the connection goes back
  try {
    queue.emplace(lease, hot_key);
    // Sent with the transaction's first statement: one round trip fewer. A connection that died
    // while idle fails that statement instead, and the attempt is made again (below).
    lease->defer("BEGIN ISOLATION LEVEL SERIALIZABLE");
  } catch (const PgError& e) {
    rollback_quietly(lease);
    if (!e.lost) throw;
    writers_->drop_idle();  // it died while idle (server restart): so did its peers
    retry = true;
    return;
  }
  PgWriteTxn txn(*lease);
  std::exception_ptr error;
  try {
    work(txn);
  } catch (...) {
    error = std::current_exception();
  }
  if (txn.retry_wanted()) {
    // Died while idle (server restart)? So did its idle peers: the next attempt opens a new one.
    if (lease->broken()) writers_->drop_idle();
    rollback_quietly(lease);
    retry = true;
    hot_key = txn.first_key();
    return;
  }
  if (error) {
    rollback_quietly(lease);
    rethrow_as_duplicate_key(error);
  }
  if (lease->in_failed_transaction()) {
    // The work caught a store error and returned normally; COMMIT would only roll back.
    rollback_quietly(lease);
    throw StoreError("postgres: the transaction was aborted by an earlier error: " + txn.first_error());
  }
  try {
    lease->commit();
  } catch (const PgError& e) {
    if (e.lost) {
      lease.discard();
      // The COMMIT may or may not have taken effect; running the work again could apply it twice.
      throw StoreError("postgres: connection lost during COMMIT; the outcome of this write is unknown (" +
                       std::string(e.what()) + ")");
    }
    rollback_quietly(lease);
    if (!is_retryable(e.sqlstate)) rethrow_as_duplicate_key(std::current_exception());
    retry = true;  // serializable transactions can fail at COMMIT too; nothing was kept
    hot_key = txn.first_key();
  }
}

void PostgresStore::write(const std::function<void(WriteTxn&)>& work) {
  if (!work) throw std::invalid_argument("store: write() needs a work function");
  if (t_write_depth > 0) throw std::logic_error("store: write() called from inside a write() work function");
  ++t_write_depth;
  struct Depth {
    ~Depth() { --t_write_depth; }
  } depth;
  std::string hot_key;
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    bool retry = false;
    try {
      run_once(work, retry, hot_key);
    } catch (...) {
      writes_failed_.fetch_add(1, std::memory_order_relaxed);
      metrics_.write_finished(started, std::current_exception());
      throw;
    }
    if (!retry) {
      writes_committed_.fetch_add(1, std::memory_order_relaxed);
      metrics_.write_finished(started, nullptr);
      return;
    }
    if (attempt >= options_.max_write_attempts) {
      writes_failed_.fetch_add(1, std::memory_order_relaxed);
      StoreError gave_up("postgres: write gave up after " + std::to_string(attempt) +
                         " attempts (serialization failures, deadlocks or lost connections)");
      metrics_.write_finished(started, std::make_exception_ptr(gave_up));
      throw gave_up;
    }
    write_retries_.fetch_add(1, std::memory_order_relaxed);
    retries_metric_.inc();
    back_off(attempt);
  }
}

SchemaVersions PostgresStore::schema_versions() {
  for (int attempt = 1;; ++attempt) {
    auto lease = readers_->acquire();
    try {
      return SchemaVersions{schema_version(*lease), static_cast<std::int64_t>(migrations().size())};
    } catch (const PgError& e) {
      rollback_quietly(lease);  // a dead connection is discarded, not lent again
      // An idle pooled connection may have died (server restart), as in read(): one fresh try.
      if (!e.lost || attempt >= 2) throw;
      readers_->drop_idle();
    }
  }
}

// One statement in autocommit (READ COMMITTED): ON CONFLICT ... DO UPDATE locks the row, so two
// nodes racing for an expired lease cannot both win.
bool PostgresStore::acquire_lease(const std::string& name, const std::string& owner, std::int64_t ttl_ms) {
  if (name.empty() || name.size() > kMaxKeyBytes || owner.empty() || owner.size() > kMaxKeyBytes) {
    throw std::invalid_argument("acquire_lease: bad name or owner");
  }
  if (ttl_ms < 1 || ttl_ms > kMaxLeaseMs) throw std::invalid_argument("acquire_lease: ttl_ms out of range");
  static const std::string now_ms = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";
  static const std::string sql =
      "INSERT INTO leases AS l (name, owner, expires_at_ms) VALUES ($1, $2, " + now_ms + " + $3) "
      "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms "
      "WHERE l.owner = excluded.owner OR l.expires_at_ms <= " + now_ms + " RETURNING owner";
  for (int attempt = 1;; ++attempt) {
    auto c = writers_->acquire();
    try {
      return c->query(sql, Params().add(name).add(owner).add(ttl_ms)).rows() == 1;
    } catch (const PgError& e) {
      rollback_quietly(c);
      // A dead pooled connection, or a serialization failure on engines that are serializable only.
      if (!(e.lost || is_retryable(e.sqlstate)) || attempt >= 3) throw;
    }
  }
}

void PostgresStore::release_lease(const std::string& name, const std::string& owner) {
  auto c = writers_->acquire();
  try {
    c->query("DELETE FROM leases WHERE name = $1 AND owner = $2", Params().add(name).add(owner));
  } catch (const PgError&) {
    rollback_quietly(c);
    throw;
  }
}

std::unique_ptr<PostgresStore> open_postgres_store(const PostgresOptions& options) {
  return std::make_unique<PostgresStore>(options);
}

}  // namespace tender::store::postgres

namespace tender::store {

std::unique_ptr<Store> open_postgres(const PostgresOptions& options) { return postgres::open_postgres_store(options); }

}  // namespace tender::store
