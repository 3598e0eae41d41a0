// Tests of what only the PostgreSQL store has, against a real server: a multi-writer database
// (retried serialization failures, outbox horizon, several stores on one database, leases),
// swallowed server errors, dropped connections, its migrations and session settings, import
// from SQLite. The behaviours it shares with the SQLite store are in store_contract_test.cpp.
// The server comes from TENDER_TEST_POSTGRES_URL, e.g. from
//   eval "$(bash scripts/pg-test-cluster.sh start --env)"
// Each test runs in a schema of its own (search_path), so tests never see each other's rows.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/import_sqlite.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"
#include "store_test_support.hpp"

// gcc 12 warns about designated initializers that leave defaulted members out (GCC bug 96868).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace tender::store {
namespace {

using namespace test_support;
using postgres::PostgresStore;

// A connection of the test's own, bypassing the store.
class Raw {
 public:
  explicit Raw(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_));
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE chatter
  }
  ~Raw() { PQfinish(conn_); }
  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(r);
    std::string error = PQresultErrorMessage(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + error);
  }
  std::int64_t value(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::int64_t v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) v = std::stoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
  }
  std::string text(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string v = "(no value)";
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) v = PQgetvalue(r, 0, 0);
    PQclear(r);
    return v;
  }

 private:
  PGconn* conn_;
};

std::string base_url() {
  const char* url = std::getenv("TENDER_TEST_POSTGRES_URL");
  return url && *url ? url : "";
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (base_url().empty()) {
      GTEST_SKIP() << "TENDER_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped. Start a server with "
                      "eval \"$(bash scripts/pg-test-cluster.sh start --env)\"";
    }
    std::random_device rd;
    schema_ = "t_" + std::to_string(rd()) + "_" + std::to_string(rd());
    raw_ = std::make_unique<Raw>(base_url());
    raw_->exec("CREATE SCHEMA " + schema_);
    // libpq's options parameter sets search_path for every connection the store opens.
    const std::string sep = base_url().find('?') == std::string::npos ? "?" : "&";
    url_ = base_url() + sep + "options=-csearch_path%3D" + schema_;
    raw_->exec("SET search_path = " + schema_);
  }
  void TearDown() override {
    if (raw_) raw_->exec("DROP SCHEMA " + schema_ + " CASCADE");
  }

  std::unique_ptr<PostgresStore> open(std::size_t readers = 4, std::size_t writers = 8, int attempts = 30) {
    PostgresOptions options;
    options.url = url_;
    options.read_connections = readers;
    options.write_connections = writers;
    options.max_write_attempts = attempts;
    return postgres::open_postgres_store(options);
  }

  std::string schema_;
  std::string url_;
  std::unique_ptr<Raw> raw_;
};

// PostgreSQL text cannot hold NUL (the SQLite store accepts such a body): a body with one is
// rejected, never silently cut short. The rest of TextRoundTripsExactly is in the contract suite.
TEST_F(PostgresStoreTest, NulInTextIsRejected) {
  auto store = open();
  Record nul = make_record("purchase", "p2", "co1", 1);
  nul.body = std::string("a\0b", 3);
  EXPECT_THROW(put(*store, nul), std::invalid_argument);  // never silently cut short
}

TEST_F(PostgresStoreTest, SwallowedServerErrorFailsTheWrite) {
  auto store = open();
  // A server error aborts the transaction; a work function that swallows it must not be told
  // that its (rolled back) writes committed.
  EXPECT_THROW(store->write([&](WriteTxn& txn) {
    Record r = make_record("purchase", "p1", "co1", 1);
    txn.put(r, 0);
    try {
      Record bad = make_record("purchase", "p2", "co1", 1);
      bad.body = "\xff\xfe not utf-8";
      txn.put(bad, 0);
    } catch (const StoreError&) {
    }
  }),
               StoreError);
  EXPECT_FALSE(store->read()->get("purchase", "p1").has_value());
  put(*store, make_record("purchase", "p1", "co1", 1));  // the store is still healthy
}

TEST_F(PostgresStoreTest, OutboxHidesEventsBehindAnOpenTransaction) {
  // A writer that started first but commits last must not be overtaken: a consumer that saw a
  // later seq would skip it for ever.
  auto store = open();
  Raw slow(url_);
  slow.exec("BEGIN");
  slow.exec("SELECT pg_current_xact_id()");  // takes its transaction id now, before the store's
  OutboxEvent later = make_event("later");
  store->write([&](WriteTxn& txn) { txn.append(later); });
  EXPECT_TRUE(store->read()->outbox_after(0, 100).empty()) << "an older transaction is still open";
  slow.exec(
      "INSERT INTO outbox (seq, id, company_id, object_id, event_type, payload, created_on) VALUES "
      "((pg_current_xact_id()::text::BIGINT << 12), 'earlier', 'co1', 'p1', 'purchase.paid', '{}', 1)");
  slow.exec("COMMIT");
  auto all = outbox_when(*store, 0, 2, 100);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "earlier");
  EXPECT_EQ(all[1].id, "later");
}

TEST_F(PostgresStoreTest, OutboxConsumerTrackingLastSeqMissesNothing) {
  auto store = open(4, 16);
  constexpr int kWriters = 12;
  constexpr int kEach = 25;
  std::atomic<bool> done{false};
  std::set<std::string> seen;
  std::int64_t cursor = 0;
  std::thread consumer([&] {
    // After the writers are done, events may still be held back for a moment by transactions of
    // other clients of the server (tests running in parallel): keep reading until all are seen.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    for (;;) {
      for (;;) {
        auto rows = store->read()->outbox_after(cursor, 50);
        for (const auto& e : rows) {
          EXPECT_GT(e.seq, cursor);
          cursor = e.seq;
          EXPECT_TRUE(seen.insert(e.id).second) << "delivered twice: " << e.id;
        }
        if (rows.size() < 50) break;
      }
      if (done && !deadline) deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      if (deadline && (seen.size() == static_cast<std::size_t>(kWriters * kEach) || std::chrono::steady_clock::now() > *deadline)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  run_threads(kWriters, [&](int t) {
    for (int i = 0; i < kEach; ++i) {
      OutboxEvent e = make_event("ev-" + std::to_string(t) + "-" + std::to_string(i), "o" + std::to_string(t));
      store->write([&](WriteTxn& txn) {
        Record r = make_record("purchase", "p-" + std::to_string(t) + "-" + std::to_string(i), "co1", i);
        txn.put(r, 0);
        txn.append(e);
      });
    }
  });
  done = true;
  consumer.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kWriters * kEach));
  // Per object, the events come in the order they were written.
  auto all = outbox_when(*store, 0, static_cast<std::size_t>(kWriters * kEach));
  std::map<std::string, int> next;
  for (const auto& e : all) {
    const int i = std::stoi(e.id.substr(e.id.rfind('-') + 1));
    EXPECT_EQ(i, next[e.object_id]++) << e.id;
  }
}

TEST_F(PostgresStoreTest, ConcurrentIdempotencyClaimsHaveOneWinner) {
  // The claim pattern of app/idempotency.cpp: read the key, insert a claim if absent. Under
  // SQLite's single writer one claim wins; PostgreSQL must give the same answer across nodes.
  auto a = open();
  auto b = open();  // a second "node" on the same database
  std::atomic<int> winners{0};
  run_threads(16, [&](int i) {
    Store& store = i % 2 ? static_cast<Store&>(*a) : static_cast<Store&>(*b);
    bool claimed = false;
    store.write([&](WriteTxn& txn) {
      claimed = false;
      if (txn.idempotency("co1", "key")) return;
      txn.put_idempotency({.company_id = "co1", .key = "key", .request_hash = std::to_string(i), .created_on = 1});
      claimed = true;
    });
    if (claimed) ++winners;
  });
  EXPECT_EQ(winners.load(), 1);
}

TEST_F(PostgresStoreTest, ConcurrentUpdatesOfOneRecordAreSerialized) {
  // Read-modify-write with the version check, as the engine's PurchaseWriter does, from many
  // threads on two stores: no update may be lost, and none may fail.
  auto a = open(4, 8);
  auto b = open(4, 8);
  Record counter = make_record("purchase", "hot", "co1", 1, "", "");
  counter.body = "0";
  put(*a, counter);
  constexpr int kThreads = 16;
  constexpr int kEach = 10;
  std::atomic<int> errors{0};
  run_threads(kThreads, [&](int t) {
    Store& store = t % 2 ? static_cast<Store&>(*a) : static_cast<Store&>(*b);
    for (int i = 0; i < kEach; ++i) {
      try {
        store.write([&](WriteTxn& txn) {
          auto r = txn.get("purchase", "hot");
          ASSERT_TRUE(r.has_value());
          const std::int64_t expected = r->version;
          r->body = std::to_string(std::stoll(r->body) + 1);
          txn.put(*r, expected);
        });
      } catch (const std::exception& e) {
        ++errors;
        ADD_FAILURE() << e.what();
      }
    }
  });
  EXPECT_EQ(errors.load(), 0);
  auto got = a->read()->get("purchase", "hot");
  EXPECT_EQ(got->body, std::to_string(kThreads * kEach));
  EXPECT_EQ(got->version, 1 + kThreads * kEach);
  std::printf("[ retries    ] %llu + %llu serialization retries for %d updates of one row\n",
              static_cast<unsigned long long>(a->write_retries()), static_cast<unsigned long long>(b->write_retries()),
              kThreads * kEach);
}

TEST_F(PostgresStoreTest, RetriesAreBounded) {
  auto store = open(2, 2, /*attempts=*/3);
  Raw locker(url_);
  put(*store, make_record("purchase", "p1", "co1", 1));
  int runs = 0;
  // Every run meets a row updated after its snapshot was taken: a serialization failure each time.
  EXPECT_THROW(store->write([&](WriteTxn& txn) {
    ++runs;
    auto r = txn.get("purchase", "p1");
    locker.exec("UPDATE records SET version = version + 1 WHERE kind = 'purchase' AND id = 'p1'");
    txn.put(*r, r->version);
  }),
               StoreError);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(store->write_retries(), 2u);
}

TEST_F(PostgresStoreTest, LeasesHaveOneOwnerAtATime) {
  auto a = open();
  auto b = open();  // another node
  EXPECT_TRUE(a->acquire_lease("webhooks", "node-a", 300));
  EXPECT_FALSE(b->acquire_lease("webhooks", "node-b", 300));
  EXPECT_TRUE(a->acquire_lease("webhooks", "node-a", 300));  // renewed
  EXPECT_TRUE(b->acquire_lease("sweeper", "node-b", 300));   // another name
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_TRUE(b->acquire_lease("webhooks", "node-b", 60000));  // expired: taken over
  EXPECT_FALSE(a->acquire_lease("webhooks", "node-a", 300));
  a->release_lease("webhooks", "node-a");  // not the owner: nothing happens
  EXPECT_FALSE(a->acquire_lease("webhooks", "node-a", 300));
  b->release_lease("webhooks", "node-b");
  EXPECT_TRUE(a->acquire_lease("webhooks", "node-a", 60000));
  EXPECT_THROW(a->acquire_lease("", "node-a", 1), std::invalid_argument);
  EXPECT_THROW(a->acquire_lease("x", "node-a", 0), std::invalid_argument);

  // Many nodes racing for a free lease: exactly one wins.
  std::atomic<int> winners{0};
  run_threads(16, [&](int i) {
    if ((i % 2 ? *a : *b).acquire_lease("race", "node-" + std::to_string(i), 60000)) ++winners;
  });
  EXPECT_EQ(winners.load(), 1);
}

TEST_F(PostgresStoreTest, SurvivesServerDroppingConnections) {
  url_ += "&application_name=" + schema_;  // tests running in parallel keep their connections
  auto store = open(2, 2);
  put(*store, make_record("purchase", "p1", "co1", 1));
  { auto warm = store->read(); }
  EXPECT_EQ(raw_->value("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + schema_ + "'"), 2);
  // Kill every connection of this test's store (an idle pooled connection dies, as on a restart).
  raw_->exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + schema_ + "'");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  put(*store, make_record("purchase", "p2", "co1", 2));
  EXPECT_TRUE(store->read()->get("purchase", "p2").has_value());
}

TEST_F(PostgresStoreTest, MigrationsApplyOnceAcrossReopensAndConcurrentOpens) {
  std::vector<std::unique_ptr<PostgresStore>> stores(6);
  run_threads(6, [&](int i) { stores[static_cast<std::size_t>(i)] = open(1, 1); });
  for (int i = 0; i < 3; ++i) {
    auto store = open();
    put(*store, make_record("purchase", "p" + std::to_string(i), "co1", i));
  }
  const auto known = static_cast<std::int64_t>(postgres::migrations().size());
  EXPECT_EQ(raw_->value("SELECT COUNT(*) FROM schema_migrations"), known);
  EXPECT_EQ(raw_->value("SELECT MAX(version) FROM schema_migrations"), known);
  EXPECT_EQ(raw_->value("SELECT COUNT(*) FROM records"), 3);
  EXPECT_EQ(raw_->value("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'records_%'"),
            5);  // the primary key, three from migration 1, one from migration 2
}

TEST_F(PostgresStoreTest, LargeTextColumnsAreCompressedWithLz4) {
  // Migration 8; Debian's server is built with lz4. The value written after it is lz4-compressed.
  auto store = open();
  for (const char* column : {"records.body", "outbox.payload", "idempotency.response_body"}) {
    const std::string c = column;
    const std::string table = c.substr(0, c.find('.')), name = c.substr(c.find('.') + 1);
    EXPECT_EQ(raw_->text("SELECT attcompression::text FROM pg_attribute WHERE attrelid = '" + schema_ + "." + table +
                         "'::regclass AND attname = '" + name + "'"),
              "l")
        << column;
  }
  auto record = make_record("purchase", "p-lz4", "co1", 1);
  record.body = "{\"text\":\"" + std::string(20000, 'a') + "\"}";
  put(*store, record);
  EXPECT_EQ(raw_->text("SELECT pg_column_compression(body) FROM " + schema_ + ".records WHERE id = 'p-lz4'"), "lz4");
}

TEST_F(PostgresStoreTest, SessionsCommitSynchronously) {
  // Even when the URL (or the server) asks for asynchronous commit, the store's sessions commit
  // synchronously. A trigger records the setting of the session that inserts.
  const std::string saved = url_;
  url_ += "%20-csynchronous_commit%3Doff";
  auto store = open();
  url_ = saved;
  raw_->exec(
      "CREATE FUNCTION " + schema_ + ".note_setting() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "NEW.body := current_setting('synchronous_commit') || '/' || current_setting('transaction_isolation'); "
      "RETURN NEW; END $$");
  raw_->exec("CREATE TRIGGER note BEFORE INSERT ON " + schema_ + ".records FOR EACH ROW EXECUTE FUNCTION " + schema_ +
             ".note_setting()");
  put(*store, make_record("purchase", "p1", "co1", 1));
  EXPECT_EQ(store->read()->get("purchase", "p1")->body, "on/serializable");
}

TEST_F(PostgresStoreTest, ReadInsideWriteNeverDeadlocksWithWriteInsideRead) {
  // Thread A holds the only reader and waits for the only writer; the writer's work reads.
  // The read inside the write may open an extra connection, so both finish.
  auto store = open(/*readers=*/1, /*writers=*/1);
  put(*store, make_record("purchase", "p1", "co1", 1));
  std::atomic<bool> writer_in{false}, a_done{false};
  std::thread a;
  const auto start = std::chrono::steady_clock::now();
  store->write([&](WriteTxn& txn) {
    if (!a.joinable()) {
      a = std::thread([&] {
        auto view = store->read();
        while (!writer_in) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        put(*store, make_record("purchase", "from-a", "co1", 2));  // waits for the writer
        a_done = true;
      });
    }
    writer_in = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // A holds the reader by now
    EXPECT_TRUE(store->read()->get("purchase", "p1").has_value());
    Record r = make_record("purchase", "p2", "co1", 3);
    txn.put(r, 0);
  });
  a.join();
  EXPECT_TRUE(a_done.load());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(store->read()->get("purchase", "from-a").has_value());
}

TEST_F(PostgresStoreTest, BadOptionsAndUrlsAreRejected) {
  PostgresOptions options;
  EXPECT_THROW(open_postgres(options), std::invalid_argument);  // empty URL
  options.url = "mysql://x";
  EXPECT_THROW(open_postgres(options), std::invalid_argument);
  options.url = url_;
  options.read_connections = 0;
  EXPECT_THROW(open_postgres(options), std::invalid_argument);
  options.read_connections = 2;
  options.max_write_attempts = 0;
  EXPECT_THROW(open_postgres(options), std::invalid_argument);
  options.max_write_attempts = 3;
  options.url = "postgres://nobody:wrong@127.0.0.1:1/none?connect_timeout=2";
  try {
    open_postgres(options);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("wrong"), std::string::npos) << "password in message: " << e.what();
  }
  EXPECT_EQ(postgres::redacted_url("postgres://u:secret@db.example:6543/tender?sslmode=require"), "db.example:6543/tender");
}

TEST_F(PostgresStoreTest, ImportFromSqliteCopiesEverythingAndVerifies) {
  std::string pattern = (std::filesystem::temp_directory_path() / "tender_import_XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  const std::string db = (dir / "tender.db").string();
  std::vector<std::int64_t> sqlite_seqs;
  {
    SqliteOptions options;
    options.path = db;
    auto sqlite = open_sqlite(options);
    sqlite->write([&](WriteTxn& txn) {
      for (int i = 0; i < 30; ++i) {
        Record r = make_record("purchase", "p" + std::to_string(i), "co1", i, "paid", i % 3 ? "" : "lk" + std::to_string(i));
        r.body = "{\"tab\":\"a\tb\",\"nl\":\"line1\nline2\",\"bs\":\"c:\\\\x\",\"u\":\"Zoë\"}";
        txn.put(r, 0);
        txn.post({make_leg("t" + std::to_string(i), r.id, "customer_funds", 100 + i, i),
                  make_leg("t" + std::to_string(i), r.id, "merchant_available", -100 - i, i)});
        OutboxEvent e = make_event("ev" + std::to_string(i), r.id);
        txn.append(e);
        sqlite_seqs.push_back(e.seq);
      }
      txn.put_idempotency({.company_id = "co1", .key = "k", .request_hash = "h", .status_code = 201, .created_on = 1});
    });
    Record bumped = *sqlite->read()->get("purchase", "p1");
    sqlite->write([&](WriteTxn& txn) { txn.put(bumped, 1); });
  }
  std::vector<std::int64_t> progress;
  auto report = postgres::import_sqlite(db, url_, [&](std::int64_t done, std::int64_t) { progress.push_back(done); });
  EXPECT_TRUE(report.ok()) << (report.mismatches.empty() ? "" : report.mismatches[0]);
  EXPECT_EQ(report.rows, 30 + 60 + 30 + 1);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), report.rows);

  auto store = open();
  auto view = store->read();
  auto p1 = view->get("purchase", "p1");
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->version, 2);
  EXPECT_EQ(p1->body, "{\"tab\":\"a\tb\",\"nl\":\"line1\nline2\",\"bs\":\"c:\\\\x\",\"u\":\"Zoë\"}");
  EXPECT_EQ(view->find_by_lookup("purchase", "lk3")->id, "p3");
  EXPECT_EQ(view->postings_for_purchase("p7").size(), 2u);
  EXPECT_EQ(view->idempotency("co1", "k")->status_code, 201);
  auto events = outbox_when(*store, 0, 30, 100);
  ASSERT_EQ(events.size(), 30u);
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, sqlite_seqs[i]);
  // New rows continue after the copied ones: postings by identity, outbox seqs above SQLite's.
  OutboxEvent fresh = make_event("fresh");
  store->write([&](WriteTxn& txn) {
    txn.post({make_leg("tn", "p7", "a", 1, 99), make_leg("tn", "p7", "b", -1, 99)});
    txn.append(fresh);
  });
  EXPECT_GT(fresh.seq, sqlite_seqs.back());
  EXPECT_EQ(store->read()->postings_for_purchase("p7").size(), 4u);
  EXPECT_EQ(outbox_when(*store, sqlite_seqs.back(), 1, 10).size(), 1u);

  // A database that holds data is never a target.
  EXPECT_THROW(postgres::import_sqlite(db, url_, nullptr), StoreError);
  std::filesystem::remove_all(dir);
}

// Not a benchmark gate: prints what concurrent transactions achieve on this server.
TEST_F(PostgresStoreTest, ThroughputReport) {
  auto store = open(4, 16);
  constexpr int kThreads = 32;
  constexpr int kWritesPerThread = 2000 / kThreads + 1;
  const auto start = std::chrono::steady_clock::now();
  write_purchases_with_events(*store, kThreads, kWritesPerThread);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto writes = store->writes_committed();
  EXPECT_EQ(writes, static_cast<std::uint64_t>(kThreads * kWritesPerThread));
  std::printf("[ throughput ] %llu writes from %d threads in %.3f s: %.0f writes/s, %llu retries\n",
              static_cast<unsigned long long>(writes), kThreads, seconds, writes / seconds,
              static_cast<unsigned long long>(store->write_retries()));
}

}  // namespace
}  // namespace tender::store
