// Tests of the SQLite store: record semantics, queries, group commit, durability, snapshots.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

// gcc 12 warns about designated initializers that leave defaulted members out (GCC bug 96868);
// leaving them out is the point of using them here.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace tender::store {
namespace {

using sqlite::SqliteStore;

Record make_record(const std::string& kind, const std::string& id, const std::string& company,
                   std::int64_t created_on, const std::string& status = "", const std::string& lookup = "") {
  Record r;
  r.kind = kind;
  r.id = id;
  r.company_id = company;
  r.lookup = lookup;
  r.status = status;
  r.created_on = created_on;
  r.body = R"({"id":")" + id + R"("})";
  return r;
}

Posting make_leg(const std::string& txn, const std::string& purchase, const std::string& account,
                 std::int64_t amount_minor, std::int64_t created_on, const std::string& company = "co1") {
  Posting p;
  p.transaction_id = txn;
  p.company_id = company;
  p.purchase_id = purchase;
  p.account = account;
  p.currency = "EUR";
  p.amount_minor = amount_minor;
  p.kind = "capture";
  p.created_on = created_on;
  return p;
}

// Runs `fn` on `count` threads at once and waits for all of them.
template <class Fn>
void run_threads(int count, Fn fn) {
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads.emplace_back(fn, i);
  for (auto& t : threads) t.join();
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "tender_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "tender.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<SqliteStore> open(std::size_t max_batch = 256, std::size_t readers = 4) {
    SqliteOptions options;
    options.path = path_;
    options.max_batch = max_batch;
    options.reader_connections = readers;
    return sqlite::open_sqlite_store(options);
  }

  void put(Store& store, Record record) {
    store.write([&](WriteTxn& txn) { txn.put(record, 0); });
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

  void raw_exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, PutThenGetRoundTrips) {
  auto store = open();
  Record r = make_record("purchase", "p1", "co1", 1000, "created", "lk1");
  store->write([&](WriteTxn& txn) {
    txn.put(r, 0);
    // Work sees its own uncommitted write through the writer connection.
    auto own = txn.get("purchase", "p1");
    ASSERT_TRUE(own.has_value());
    EXPECT_EQ(own->version, 1);
    EXPECT_EQ(txn.list({.kind = "purchase", .company_id = "co1"}).size(), 1u);
  });
  EXPECT_EQ(r.version, 1);

  auto got = store->read()->get("purchase", "p1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->kind, "purchase");
  EXPECT_EQ(got->id, "p1");
  EXPECT_EQ(got->company_id, "co1");
  EXPECT_EQ(got->lookup, "lk1");
  EXPECT_EQ(got->status, "created");
  EXPECT_EQ(got->created_on, 1000);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->body, r.body);
  EXPECT_FALSE(store->read()->get("purchase", "missing").has_value());
  EXPECT_FALSE(store->read()->get("client", "p1").has_value());
}

TEST_F(SqliteStoreTest, UpdateChecksVersion) {
  auto store = open();
  Record r = make_record("purchase", "p1", "co1", 1000, "created");
  put(*store, r);
  r.status = "paid";
  r.body = R"({"v":2})";
  store->write([&](WriteTxn& txn) { txn.put(r, 1); });
  EXPECT_EQ(r.version, 2);

  Record stale = r;
  stale.body = R"({"v":"stale"})";
  EXPECT_THROW(store->write([&](WriteTxn& txn) { txn.put(stale, 1); }), VersionConflict);
  Record missing = make_record("purchase", "nope", "co1", 1);
  EXPECT_THROW(store->write([&](WriteTxn& txn) { txn.put(missing, 1); }), VersionConflict);

  auto got = store->read()->get("purchase", "p1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->status, "paid");
  EXPECT_EQ(got->body, R"({"v":2})");
}

TEST_F(SqliteStoreTest, DuplicateIdIsRejected) {
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1));
  EXPECT_THROW(put(*store, make_record("purchase", "p1", "co2", 2)), DuplicateKey);
  put(*store, make_record("client", "p1", "co1", 1));  // same id, other kind
  EXPECT_EQ(store->read()->get("purchase", "p1")->company_id, "co1");
}

TEST_F(SqliteStoreTest, DuplicateLookupIsRejected) {
  auto store = open();
  put(*store, make_record("api_key", "k1", "co1", 1, "", "hash-secret-1"));
  try {
    put(*store, make_record("api_key", "k2", "co1", 2, "", "hash-secret-1"));
    FAIL() << "expected DuplicateKey";
  } catch (const DuplicateKey& e) {
    // Lookups may be credential hashes: they stay out of messages, as do bodies.
    EXPECT_EQ(std::string(e.what()).find("hash-secret-1"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("{"), std::string::npos) << e.what();
  }
  put(*store, make_record("webhook", "w1", "co1", 1, "", "hash-secret-1"));  // other kind
  put(*store, make_record("api_key", "k3", "co1", 3));                      // empty lookups never clash
  put(*store, make_record("api_key", "k4", "co1", 4));

  // An update may not take a lookup either.
  Record k3 = *store->read()->get("api_key", "k3");
  k3.lookup = "hash-secret-1";
  EXPECT_THROW(store->write([&](WriteTxn& txn) { txn.put(k3, 1); }), DuplicateKey);

  auto view = store->read();
  auto found = view->find_by_lookup("api_key", "hash-secret-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, "k1");
  EXPECT_FALSE(view->find_by_lookup("api_key", "").has_value());
  EXPECT_FALSE(view->find_by_lookup("api_key", "other").has_value());
}

TEST_F(SqliteStoreTest, RemoveDeletesRecord) {
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1, "", "lk"));
  store->write([](WriteTxn& txn) { txn.remove("purchase", "p1"); });
  store->write([](WriteTxn& txn) { txn.remove("purchase", "never-existed"); });
  EXPECT_FALSE(store->read()->get("purchase", "p1").has_value());
  put(*store, make_record("purchase", "p2", "co1", 1, "", "lk"));  // lookup freed
}

TEST_F(SqliteStoreTest, ListPagesInCreatedOnThenIdDescendingOrder) {
  auto store = open();
  std::vector<Record> expected;
  store->write([&](WriteTxn& txn) {
    for (int i = 0; i < 25; ++i) {
      // Three records per second: ties on created_on are broken by id.
      char id[8];
      std::snprintf(id, sizeof id, "p%02d", (i * 7) % 25);
      Record r = make_record("purchase", id, "co1", 1000 + i / 3);
      txn.put(r, 0);
      expected.push_back(r);
    }
    Record other_company = make_record("purchase", "x1", "co2", 1005);
    Record other_kind = make_record("client", "c1", "co1", 1005);
    txn.put(other_company, 0);
    txn.put(other_kind, 0);
  });
  std::sort(expected.begin(), expected.end(), [](const Record& a, const Record& b) {
    return a.created_on != b.created_on ? a.created_on > b.created_on : a.id > b.id;
  });

  std::vector<std::string> seen;
  ListQuery query{.kind = "purchase", .company_id = "co1", .limit = 10};
  auto view = store->read();
  for (int page = 0; page < 10; ++page) {
    auto rows = view->list(query);
    EXPECT_LE(rows.size(), 10u);
    for (const auto& r : rows) seen.push_back(r.id);
    if (rows.size() < query.limit) break;
    query.after_created_on = rows.back().created_on;
    query.after_id = rows.back().id;
  }
  ASSERT_EQ(seen.size(), expected.size());
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], expected[i].id) << i;
}

TEST_F(SqliteStoreTest, ListFilters) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    const char* statuses[] = {"created", "paid", "refunded", "paid"};
    for (int i = 0; i < 8; ++i) {
      Record r = make_record("purchase", "p" + std::to_string(i), "co1", 100 + i, statuses[i % 4]);
      txn.put(r, 0);
    }
  });
  auto ids = [&](const ListQuery& q) {
    std::vector<std::string> out;
    for (const auto& r : store->read()->list(q)) out.push_back(r.id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .statuses = {"paid"}}), (V{"p7", "p5", "p3", "p1"}));
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .statuses = {"created", "refunded", "created"}}),
            (V{"p6", "p4", "p2", "p0"}));
  // created_on range is inclusive at both ends.
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .created_from = 102, .created_to = 104}),
            (V{"p4", "p3", "p2"}));
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .statuses = {"paid"}, .created_from = 103}),
            (V{"p7", "p5", "p3"}));
  // A cursor on created_on alone skips everything at or after that second.
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .after_created_on = 102}), (V{"p1", "p0"}));
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .limit = 2}), (V{"p7", "p6"}));
  EXPECT_TRUE(ids({.kind = "purchase", .company_id = "co1", .limit = 0}).empty());
  EXPECT_TRUE(ids({.kind = "purchase", .company_id = "co2"}).empty());
  EXPECT_THROW(store->read()->list({.kind = "purchase", .company_id = "co1", .after_id = "p3"}),
               std::invalid_argument);
}

TEST_F(SqliteStoreTest, ListLimitIsCappedAt1000) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    for (int i = 0; i < 1005; ++i) {
      Record r = make_record("purchase", "p" + std::to_string(i), "co1", i);
      txn.put(r, 0);
    }
  });
  EXPECT_EQ(store->read()->list({.kind = "purchase", .company_id = "co1", .limit = 5000}).size(), 1000u);
}

TEST_F(SqliteStoreTest, PostingsByPurchaseAndCompany) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "customer_funds", 500, 100), make_leg("t1", "p1", "merchant_pending", -500, 100)});
    txn.post({make_leg("t2", "p1", "merchant_pending", 500, 200), make_leg("t2", "p1", "merchant_available", -480, 200),
              make_leg("t2", "p1", "fees", -20, 200)});
    txn.post({make_leg("t3", "p2", "customer_funds", 7, 300), make_leg("t3", "p2", "merchant_pending", -7, 300)});
    txn.post({make_leg("t4", "p9", "customer_funds", 1, 300, "co2"), make_leg("t4", "p9", "fees", -1, 300, "co2")});
  });
  auto view = store->read();
  auto p1 = view->postings_for_purchase("p1");
  ASSERT_EQ(p1.size(), 5u);
  EXPECT_EQ(p1[0].transaction_id, "t1");
  EXPECT_EQ(p1[0].account, "customer_funds");
  EXPECT_EQ(p1[0].amount_minor, 500);
  EXPECT_EQ(p1[0].currency, "EUR");
  EXPECT_EQ(p1[4].account, "fees");
  EXPECT_EQ(p1[4].amount_minor, -20);

  EXPECT_EQ(view->postings_for_company("co1", 0, 1000, 100).size(), 7u);
  EXPECT_EQ(view->postings_for_company("co1", 200, 300, 100).size(), 5u);  // inclusive range
  EXPECT_EQ(view->postings_for_company("co1", 201, 299, 100).size(), 0u);
  EXPECT_EQ(view->postings_for_company("co1", 0, 1000, 3).size(), 3u);
  EXPECT_EQ(view->postings_for_company("co2", 0, 1000, 100).size(), 2u);
}

TEST_F(SqliteStoreTest, UnbalancedPostingIsRejected) {
  auto store = open();
  EXPECT_THROW(store->write([](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "customer_funds", 500, 100), make_leg("t1", "p1", "merchant_pending", -499, 100)});
  }),
               std::invalid_argument);
  EXPECT_TRUE(store->read()->postings_for_purchase("p1").empty());
}

TEST_F(SqliteStoreTest, OutboxSeqIsStrictlyIncreasing) {
  auto store = open();
  std::vector<std::int64_t> seqs;
  auto event = [](int i) {
    OutboxEvent e;
    e.id = "ev" + std::to_string(i);
    e.company_id = "co1";
    e.object_id = "p1";
    e.event_type = "purchase.paid";
    e.payload = "{}";
    e.created_on = 100 + i;
    return e;
  };
  for (int i = 0; i < 3; ++i) {
    OutboxEvent e = event(i);
    store->write([&](WriteTxn& txn) { txn.append(e); });
    seqs.push_back(e.seq);
  }
  store->write([&](WriteTxn& txn) {
    for (int i = 3; i < 6; ++i) {
      OutboxEvent e = event(i);
      txn.append(e);
      seqs.push_back(e.seq);
    }
  });
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_GT(seqs[i], seqs[i - 1]);

  auto view = store->read();
  auto all = view->outbox_after(0, 100);
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, seqs[i]);
    EXPECT_EQ(all[i].id, "ev" + std::to_string(i));
    EXPECT_EQ(all[i].event_type, "purchase.paid");
  }
  auto tail = view->outbox_after(seqs[3], 2);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq, seqs[4]);
  EXPECT_EQ(tail[1].seq, seqs[5]);

  OutboxEvent again = event(0);
  EXPECT_THROW(store->write([&](WriteTxn& txn) { txn.append(again); }), DuplicateKey);
}

TEST_F(SqliteStoreTest, IdempotencyPutReplaceRemove) {
  auto store = open();
  IdempotencyRecord r{.company_id = "co1", .key = "k1", .request_hash = "abc", .created_on = 10};
  store->write([&](WriteTxn& txn) { txn.put_idempotency(r); });
  auto first = store->read()->idempotency("co1", "k1");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status_code, 0);
  EXPECT_EQ(first->request_hash, "abc");

  r.status_code = 201;
  r.response_body = R"({"id":"p1"})";
  r.response_content_type = "application/json";
  store->write([&](WriteTxn& txn) { txn.put_idempotency(r); });
  auto replaced = store->read()->idempotency("co1", "k1");
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->status_code, 201);
  EXPECT_EQ(replaced->response_body, R"({"id":"p1"})");
  EXPECT_EQ(replaced->response_content_type, "application/json");
  EXPECT_EQ(replaced->created_on, 10);
  EXPECT_FALSE(store->read()->idempotency("co2", "k1").has_value());  // scoped by company

  store->write([](WriteTxn& txn) { txn.remove_idempotency("co1", "k1"); });
  EXPECT_FALSE(store->read()->idempotency("co1", "k1").has_value());
}

TEST_F(SqliteStoreTest, ThrowingWorkRollsBackOnlyItsOwnSavepoint) {
  auto store = open();
  constexpr int kThreads = 50;
  std::atomic<int> wrong_outcome{0};
  run_threads(kThreads, [&](int i) {
    const bool throws = i % 5 == 0;
    try {
      store->write([&](WriteTxn& txn) {
        Record r = make_record("purchase", "p" + std::to_string(i), "co1", i);
        txn.put(r, 0);  // written, then undone by the savepoint if this item throws
        OutboxEvent e{.id = "ev" + std::to_string(i), .event_type = "purchase.created", .payload = "{}"};
        txn.append(e);
        if (throws) throw std::runtime_error("boom " + std::to_string(i));
      });
      if (throws) ++wrong_outcome;
    } catch (const std::runtime_error& e) {
      // Each caller gets its own exception back, not a neighbour's.
      if (!throws || std::string(e.what()) != "boom " + std::to_string(i)) ++wrong_outcome;
    }
  });
  EXPECT_EQ(wrong_outcome.load(), 0);
  auto view = store->read();
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(view->get("purchase", "p" + std::to_string(i)).has_value(), i % 5 != 0) << i;
  }
  EXPECT_EQ(view->list({.kind = "purchase", .company_id = "co1"}).size(), 40u);
  EXPECT_EQ(view->outbox_after(0, 1000).size(), 40u);
  EXPECT_EQ(store->writes_committed(), 40u);
  EXPECT_EQ(store->writes_failed(), 10u);
}

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

TEST_F(SqliteStoreTest, ReentrantWriteThrowsInsteadOfDeadlocking) {
  auto store = open();
  EXPECT_THROW(store->write([&](WriteTxn&) { store->write([](WriteTxn&) {}); }), std::logic_error);
  put(*store, make_record("purchase", "after", "co1", 1));  // the writer is still healthy
}

TEST_F(SqliteStoreTest, DataSurvivesReopen) {
  {
    auto store = open();
    put(*store, make_record("purchase", "p1", "co1", 1, "paid"));
    store->write([](WriteTxn& txn) {
      txn.post({make_leg("t1", "p1", "a", 5, 1), make_leg("t1", "p1", "b", -5, 1)});
    });
  }
  auto store = open();
  auto view = store->read();
  auto got = view->get("purchase", "p1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->status, "paid");
  EXPECT_EQ(view->postings_for_purchase("p1").size(), 2u);
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

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  { auto store = open(); }
  raw_exec("INSERT INTO schema_migrations (version, applied_on) VALUES (999, 0)");
  EXPECT_THROW(open(), StoreError);
}

TEST_F(SqliteStoreTest, WalAndPragmasAreSet) {
  auto store = open();
  EXPECT_EQ(raw_count("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

TEST_F(SqliteStoreTest, ReadViewIsASnapshot) {
  auto store = open();
  Record a = make_record("purchase", "a", "co1", 1, "created");
  put(*store, a);
  auto view = store->read();
  put(*store, make_record("purchase", "b", "co1", 2));
  a.status = "paid";
  store->write([&](WriteTxn& txn) { txn.put(a, 1); });

  EXPECT_FALSE(view->get("purchase", "b").has_value());
  EXPECT_EQ(view->get("purchase", "a")->status, "created");
  EXPECT_EQ(view->list({.kind = "purchase", .company_id = "co1"}).size(), 1u);

  auto fresh = store->read();
  EXPECT_TRUE(fresh->get("purchase", "b").has_value());
  EXPECT_EQ(fresh->get("purchase", "a")->status, "paid");
}

TEST_F(SqliteStoreTest, ReadBlocksWhilePoolIsEmpty) {
  auto store = open(256, /*readers=*/1);
  auto held = store->read();
  std::atomic<bool> got_view{false};
  std::thread other([&] {
    auto view = store->read();
    got_view = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got_view.load());
  held.reset();
  other.join();
  EXPECT_TRUE(got_view.load());
}

TEST_F(SqliteStoreTest, FactoryReturnsWorkingStore) {
  SqliteOptions options;
  options.path = path_;
  std::unique_ptr<Store> store = open_sqlite(options);
  put(*store, make_record("company", "co1", "co1", 1));
  EXPECT_TRUE(store->read()->get("company", "co1").has_value());
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
  run_threads(kThreads, [&](int t) {
    for (int i = 0; i < kWritesPerThread; ++i) {
      const std::string id = "p" + std::to_string(t) + "-" + std::to_string(i);
      store->write([&](WriteTxn& txn) {
        Record r = make_record("purchase", id, "co1", i, "created");
        txn.put(r, 0);
        OutboxEvent e{.id = "ev-" + id, .company_id = "co1", .object_id = id,
                      .event_type = "purchase.created", .payload = r.body};
        txn.append(e);
      });
    }
  });
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
