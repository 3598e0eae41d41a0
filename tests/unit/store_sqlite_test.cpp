// Tests of what only the SQLite store has: group commit batching, WAL, its migrations, options.
// The behaviours it shares with the PostgreSQL store are in store_contract_test.cpp.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"
#include "store_test_support.hpp"

// gcc 12 warns about designated initializers that leave defaulted members out (GCC bug 96868);
// leaving them out is the point of using them here.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace tender::store {
namespace {

using namespace test_support;
using sqlite::SqliteStore;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "tender_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "tender.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<SqliteStore> open(std::size_t max_batch = 256, std::size_t readers = 4, int wal_restart_frames = 16000) {
    SqliteOptions options;
    options.path = path_;
    options.max_batch = max_batch;
    options.reader_connections = readers;
    options.wal_restart_frames = wal_restart_frames;
    return sqlite::open_sqlite_store(options);
  }
  std::uintmax_t wal_bytes() const {
    std::error_code ec;
    auto n = std::filesystem::file_size(path_ + "-wal", ec);
    return ec ? 0 : n;
  }

  // Reads the file with a connection of the test's own, bypassing the store.
  std::int64_t raw_count(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::int64_t value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, QueuedWritesShareOneCommit) {
  auto store = open();
  constexpr std::size_t kFollowers = 20;
  const auto before = store->batches_committed();
  // The first item holds the writer until the followers are queued, so they must form one batch.
  std::atomic<bool> leader_running{false};
  std::thread leader([&] {
    store->write([&](WriteTxn& txn) {
      leader_running = true;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (store->queue_depth() < kFollowers && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      Record r = make_record("purchase", "leader", "co1", 1);
      txn.put(r, 0);
    });
  });
  while (!leader_running) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  run_threads(static_cast<int>(kFollowers), [&](int i) {
    put(*store, make_record("purchase", "f" + std::to_string(i), "co1", 2));
  });
  leader.join();
  EXPECT_EQ(store->batches_committed() - before, 2u);
  EXPECT_EQ(store->read()->list({.kind = "purchase", .company_id = "co1"}).size(), kFollowers + 1);
}

TEST_F(SqliteStoreTest, MaxBatchSplitsBatches) {
  auto store = open(/*max_batch=*/1);
  run_threads(8, [&](int i) { put(*store, make_record("purchase", "p" + std::to_string(i), "co1", i)); });
  EXPECT_EQ(store->batches_committed(), 8u);
}

// The writer starts a long WAL over between batches (group_commit.hpp): the WAL file stays about
// the bound long, and nothing written is lost. A reader holding an old snapshot makes the restart
// wait for it: the writes go on meanwhile, the restart comes once the reader is gone.
TEST_F(SqliteStoreTest, TheWriterStartsALongWalOver) {
  constexpr int kBoundFrames = 40;
  // About one page per record once compressed: 4,000 random characters of 64 (6 bits each).
  std::string body;
  std::mt19937 random(7);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int i = 0; i < 4000; ++i) body += alphabet[random() % alphabet.size()];
  {
    auto store = open(256, 4, kBoundFrames);
    for (int i = 0; i < 400; ++i) {
      auto r = make_record("purchase", "p" + std::to_string(i), "co1", i);
      r.body = "{\"pad\":\"" + body + "\"}";
      put(*store, r);
    }
    EXPECT_GE(store->wal_restarts(), 3u);
    EXPECT_LT(wal_bytes(), std::uintmax_t{4 * kBoundFrames} * 4096) << "the WAL kept growing";

    auto old_snapshot = store->read();  // a long report
    const auto restarts = store->wal_restarts();
    for (int i = 400; i < 500; ++i) put(*store, make_record("purchase", "p" + std::to_string(i), "co1", i));
    EXPECT_EQ(store->wal_restarts(), restarts) << "restarted under a reader's snapshot";
    EXPECT_FALSE(old_snapshot->get("purchase", "p450")) << "the snapshot is still the old one";
    old_snapshot.reset();
    for (int i = 500; i < 1600; ++i) put(*store, make_record("purchase", "p" + std::to_string(i), "co1", i));
    EXPECT_GT(store->wal_restarts(), restarts);
  }
  auto reopened = open();
  EXPECT_EQ(reopened->read()->list({.kind = "purchase", .company_id = "co1", .limit = 1000}).size(), 1000u);
  EXPECT_TRUE(reopened->read()->get("purchase", "p1599"));
  EXPECT_EQ(raw_count("SELECT count(*) FROM records WHERE kind = 'purchase'"), 1600);
}

TEST_F(SqliteStoreTest, MigrationsApplyOnceAcrossReopens) {
  for (int i = 0; i < 3; ++i) {
    auto store = open();
    put(*store, make_record("purchase", "p" + std::to_string(i), "co1", i));
  }
  const auto known = static_cast<std::int64_t>(sqlite::migrations().size());
  EXPECT_EQ(raw_count("SELECT COUNT(*) FROM schema_migrations"), known);
  EXPECT_EQ(raw_count("SELECT MAX(version) FROM schema_migrations"), known);
  EXPECT_EQ(raw_count("SELECT COUNT(*) FROM records"), 3);
  EXPECT_EQ(raw_count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'records_%'"), 4);  // three from migration 1, one from migration 2
}

TEST_F(SqliteStoreTest, WalAndPragmasAreSet) {
  auto store = open();
  EXPECT_EQ(raw_count("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

TEST_F(SqliteStoreTest, BadOptionsAndPathsAreRejected) {
  SqliteOptions options;
  EXPECT_THROW(open_sqlite(options), std::invalid_argument);  // empty path
  options.path = path_;
  options.reader_connections = 0;
  EXPECT_THROW(open_sqlite(options), std::invalid_argument);
  options.reader_connections = 2;
  options.path = (dir_ / "no-such-dir" / "x.db").string();
  EXPECT_THROW(open_sqlite(options), StoreError);
}

// Not a benchmark gate: prints what group commit achieves on this machine.
TEST_F(SqliteStoreTest, ThroughputReport) {
  auto store = open();
  constexpr int kThreads = 32;
  constexpr int kWritesPerThread = 2000 / kThreads + 1;  // 63 * 32 = 2016 >= 2000
  const auto start = std::chrono::steady_clock::now();
  write_purchases_with_events(*store, kThreads, kWritesPerThread);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto writes = store->writes_committed();
  const auto batches = store->batches_committed();
  EXPECT_EQ(writes, static_cast<std::uint64_t>(kThreads * kWritesPerThread));
  std::printf("[ throughput ] %llu writes from %d threads in %.3f s: %.0f writes/s, %llu batches, "
              "%.1f writes/batch\n",
              static_cast<unsigned long long>(writes), kThreads, seconds, writes / seconds,
              static_cast<unsigned long long>(batches), batches ? double(writes) / batches : 0.0);
}

}  // namespace
}  // namespace tender::store

namespace tender::store {
namespace {

// Migration 4 gives every purchase whose intent was open before it a marker record, so recovery
// still finds intents written by an older build.
// What migration 6 added, taken away: a file as a build before it left it.
constexpr const char* kUndoMigration6 =
    "DROP INDEX postings_company_mode_created; ALTER TABLE postings DROP COLUMN is_test; ";

TEST_F(SqliteStoreTest, MigrationFourMarksIntentsOpenBeforeIt) {
  {
    auto store = open();
    store->write([](WriteTxn& txn) {
      Record open_one = make_record("purchase", "p-open", "co1", 10);
      open_one.body = R"({"pending_operation":"capture","pending_operation_id":"op1","pending_since":1234})";
      txn.put(open_one, 0);
      Record closed = make_record("purchase", "p-closed", "co1", 11);
      closed.body = R"({"pending_operation":"","pending_operation_id":"","pending_since":0})";
      txn.put(closed, 0);
    });
  }
  // As if the file came from a build before migration 4.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, (std::string(kUndoMigration6) + "DELETE FROM schema_migrations WHERE version >= 4; DELETE FROM records WHERE kind = 'open_intent';").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = open();
  EXPECT_EQ(raw_count("SELECT count(*) FROM records WHERE kind = 'open_intent'"), 1);
  auto marker = store->read()->get("open_intent", "p-open");
  ASSERT_TRUE(marker.has_value());
  EXPECT_EQ(marker->company_id, "co1");
  EXPECT_EQ(marker->created_on, 1234);
}

// Migration 5 indexes every client written before it by its e-mail, in lower case (GET /clients/?q=).
TEST_F(SqliteStoreTest, MigrationFiveIndexesClientsByEmail) {
  {
    auto store = open();
    store->write([](WriteTxn& txn) {
      Record client = make_record("client", "c1", "co1", 10);
      client.body = R"({"details":{"email":"Ann@Example.COM"}})";
      txn.put(client, 0);
    });
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, (std::string(kUndoMigration6) + "DELETE FROM schema_migrations WHERE version >= 5;").c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto store = open();
  ListQuery q;
  q.kind = "client";
  q.company_id = "co1";
  q.statuses = {"ann@example.com"};
  auto found = store->read()->list(q);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "c1");
}

TEST_F(SqliteStoreTest, MigrationSixGivesEarlierPostingsTheirPurchasesMode) {
  {
    auto store = open();
    store->write([](WriteTxn& txn) {
      Record live = make_record("purchase", "p-live", "co1", 10);
      live.body = R"({"is_test":false})";
      txn.put(live, 0);
      Record test = make_record("purchase", "p-test", "co1", 10);
      test.body = R"({"is_test":true})";
      txn.put(test, 0);
      txn.post({test_support::make_leg("t1", "p-live", "payer_funds", -5, 10), test_support::make_leg("t1", "p-live", "merchant_available", 5, 10)});
      txn.post({test_support::make_leg("t2", "p-test", "payer_funds", -7, 10), test_support::make_leg("t2", "p-test", "merchant_available", 7, 10)});
    });
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, (std::string(kUndoMigration6) + "DELETE FROM schema_migrations WHERE version >= 6;").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = open();
  EXPECT_FALSE(store->read()->postings_for_purchase("p-live")[0].is_test);
  EXPECT_TRUE(store->read()->postings_for_purchase("p-test")[0].is_test);
  auto live = store->read()->balances("co1", false);
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].account, "merchant_available");
  EXPECT_EQ(live[0].amount_minor, 5);
}

}  // namespace
}  // namespace tender::store
