// Tests of the PostgreSQL store against a real server: the SQLite store's behaviours (records,
// queries, postings, outbox, idempotency, snapshots, durability, migrations) plus what only a
// multi-writer database has (retried serialization failures, outbox horizon, several stores on
// one database). The server comes from TENDER_TEST_POSTGRES_URL, e.g. from
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

// gcc 12 warns about designated initializers that leave defaulted members out (GCC bug 96868).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace tender::store {
namespace {

using postgres::PostgresStore;

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

OutboxEvent make_event(const std::string& id, const std::string& object_id = "p1") {
  OutboxEvent e;
  e.id = id;
  e.company_id = "co1";
  e.object_id = object_id;
  e.event_type = "purchase.paid";
  e.payload = "{}";
  e.created_on = 100;
  return e;
}

template <class Fn>
void run_threads(int count, Fn fn) {
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads.emplace_back(fn, i);
  for (auto& t : threads) t.join();
}

// outbox_after, once at least `count` events are visible. The server hides events behind any
// older transaction still open, and other clients (tests running in parallel) have some.
std::vector<OutboxEvent> outbox_when(Store& store, std::int64_t after, std::size_t count, std::size_t limit = 1000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    auto rows = store.read()->outbox_after(after, limit);
    if (rows.size() >= count || std::chrono::steady_clock::now() > deadline) return rows;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

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

  void put(Store& store, Record record) {
    store.write([&](WriteTxn& txn) { txn.put(record, 0); });
  }

  std::string schema_;
  std::string url_;
  std::unique_ptr<Raw> raw_;
};

TEST_F(PostgresStoreTest, PutThenGetRoundTrips) {
  auto store = open();
  Record r = make_record("purchase", "p1", "co1", 1000, "created", "lk1");
  store->write([&](WriteTxn& txn) {
    txn.put(r, 0);
    auto own = txn.get("purchase", "p1");  // the transaction reads its own writes
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

TEST_F(PostgresStoreTest, TextRoundTripsExactly) {
  auto store = open();
  Record r = make_record("purchase", "p1", "co1", -5);
  r.body = "{\"name\":\"Zoë – 東京 \\u0000 'quote' \\\"dq\\\" ; DROP TABLE records; --\"}";
  put(*store, r);
  EXPECT_EQ(store->read()->get("purchase", "p1")->body, r.body);
  EXPECT_EQ(store->read()->get("purchase", "p1")->created_on, -5);
  Record nul = make_record("purchase", "p2", "co1", 1);
  nul.body = std::string("a\0b", 3);
  EXPECT_THROW(put(*store, nul), std::invalid_argument);  // never silently cut short
}

TEST_F(PostgresStoreTest, UpdateChecksVersion) {
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

TEST_F(PostgresStoreTest, DuplicateIdIsRejected) {
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1));
  EXPECT_THROW(put(*store, make_record("purchase", "p1", "co2", 2)), DuplicateKey);
  put(*store, make_record("client", "p1", "co1", 1));  // same id, other kind
  EXPECT_EQ(store->read()->get("purchase", "p1")->company_id, "co1");
}

TEST_F(PostgresStoreTest, DuplicateLookupIsRejected) {
  auto store = open();
  put(*store, make_record("api_key", "k1", "co1", 1, "", "hash-secret-1"));
  try {
    put(*store, make_record("api_key", "k2", "co1", 2, "", "hash-secret-1"));
    FAIL() << "expected DuplicateKey";
  } catch (const DuplicateKey& e) {
    EXPECT_EQ(std::string(e.what()).find("hash-secret-1"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("{"), std::string::npos) << e.what();
  }
  put(*store, make_record("webhook", "w1", "co1", 1, "", "hash-secret-1"));  // other kind
  put(*store, make_record("api_key", "k3", "co1", 3));                      // empty lookups never clash
  put(*store, make_record("api_key", "k4", "co1", 4));

  Record k3 = *store->read()->get("api_key", "k3");
  k3.lookup = "hash-secret-1";
  try {
    store->write([&](WriteTxn& txn) { txn.put(k3, 1); });
    FAIL() << "expected DuplicateKey";
  } catch (const DuplicateKey& e) {
    EXPECT_EQ(std::string(e.what()).find("hash-secret-1"), std::string::npos) << e.what();
  }
  k3.lookup = "";
  store->write([&](WriteTxn& txn) { txn.put(k3, 1); });  // keeping no lookup is fine

  auto view = store->read();
  auto found = view->find_by_lookup("api_key", "hash-secret-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, "k1");
  EXPECT_FALSE(view->find_by_lookup("api_key", "").has_value());
  EXPECT_FALSE(view->find_by_lookup("api_key", "other").has_value());
}

TEST_F(PostgresStoreTest, CaughtDuplicateKeyLeavesTheTransactionUsable) {
  // SQLite lets a work function catch DuplicateKey and carry on; so must PostgreSQL (where a
  // unique-violation error would have aborted the whole transaction).
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1, "", "lk"));
  store->write([&](WriteTxn& txn) {
    Record dup = make_record("purchase", "p1", "co1", 1);
    EXPECT_THROW(txn.put(dup, 0), DuplicateKey);
    Record taken = make_record("purchase", "p2", "co1", 1, "", "lk");
    EXPECT_THROW(txn.put(taken, 0), DuplicateKey);
    Record stale = make_record("purchase", "p1", "co1", 1);
    EXPECT_THROW(txn.put(stale, 7), VersionConflict);
    Record fresh = make_record("purchase", "p3", "co1", 1);
    txn.put(fresh, 0);
  });
  EXPECT_TRUE(store->read()->get("purchase", "p3").has_value());
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

TEST_F(PostgresStoreTest, RemoveDeletesRecord) {
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1, "", "lk"));
  store->write([](WriteTxn& txn) { txn.remove("purchase", "p1"); });
  store->write([](WriteTxn& txn) { txn.remove("purchase", "never-existed"); });
  EXPECT_FALSE(store->read()->get("purchase", "p1").has_value());
  put(*store, make_record("purchase", "p2", "co1", 1, "", "lk"));  // lookup freed
}

TEST_F(PostgresStoreTest, ListPagesInCreatedOnThenIdDescendingOrder) {
  auto store = open();
  std::vector<Record> expected;
  store->write([&](WriteTxn& txn) {
    expected.clear();  // the work may run more than once
    for (int i = 0; i < 25; ++i) {
      char id[8];
      std::snprintf(id, sizeof id, "p%02d", (i * 7) % 25);
      Record r = make_record("purchase", id, "co1", 1000 + i / 3);
      txn.put(r, 0);
      expected.push_back(r);
    }
    // Bytewise order, as in SQLite, whatever the database's locale: "B" < "_" < "a".
    for (const char* id : {"a", "B", "_"}) {
      Record r = make_record("purchase", id, "co1", 999);
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

TEST_F(PostgresStoreTest, ListFilters) {
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
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .created_from = 102, .created_to = 104}),
            (V{"p4", "p3", "p2"}));
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .statuses = {"paid"}, .created_from = 103}),
            (V{"p7", "p5", "p3"}));
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .after_created_on = 102}), (V{"p1", "p0"}));
  EXPECT_EQ(ids({.kind = "purchase", .company_id = "co1", .limit = 2}), (V{"p7", "p6"}));
  EXPECT_TRUE(ids({.kind = "purchase", .company_id = "co1", .limit = 0}).empty());
  EXPECT_TRUE(ids({.kind = "purchase", .company_id = "co2"}).empty());
  EXPECT_THROW(store->read()->list({.kind = "purchase", .company_id = "co1", .after_id = "p3"}), std::invalid_argument);
}

TEST_F(PostgresStoreTest, ListAcrossCompaniesForBackgroundJobs) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    for (int i = 0; i < 6; ++i) {
      Record r = make_record("purchase", "p" + std::to_string(i), "co" + std::to_string(i % 3), 100 + i,
                             i % 2 ? "hold" : "paid");
      txn.put(r, 0);
    }
  });
  auto view = store->read();
  auto holds = view->list({.kind = "purchase", .all_companies = true, .statuses = {"hold"}});
  ASSERT_EQ(holds.size(), 3u);
  EXPECT_EQ(holds[0].id, "p5");
  EXPECT_EQ(holds[2].id, "p1");
  EXPECT_EQ(view->list({.kind = "purchase", .all_companies = true}).size(), 6u);
  auto page = view->list({.kind = "purchase", .all_companies = true, .after_created_on = 103, .after_id = "p3", .limit = 2});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "p2");
  EXPECT_EQ(page[1].id, "p1");
}

TEST_F(PostgresStoreTest, ListLimitIsCappedAt1000) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    for (int i = 0; i < 1005; ++i) {
      Record r = make_record("purchase", "p" + std::to_string(i), "co1", i);
      txn.put(r, 0);
    }
  });
  EXPECT_EQ(store->read()->list({.kind = "purchase", .company_id = "co1", .limit = 5000}).size(), 1000u);
}

TEST_F(PostgresStoreTest, PostingsByPurchaseAndCompany) {
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
  EXPECT_EQ(p1[0].kind, "capture");
  EXPECT_EQ(p1[0].created_on, 100);
  EXPECT_EQ(p1[4].account, "fees");
  EXPECT_EQ(p1[4].amount_minor, -20);

  EXPECT_EQ(view->postings_for_company("co1", 0, 1000, 100).size(), 7u);
  EXPECT_EQ(view->postings_for_company("co1", 200, 300, 100).size(), 5u);  // inclusive range
  EXPECT_EQ(view->postings_for_company("co1", 201, 299, 100).size(), 0u);
  EXPECT_EQ(view->postings_for_company("co1", 0, 1000, 3).size(), 3u);
  EXPECT_EQ(view->postings_for_company("co2", 0, 1000, 100).size(), 2u);
  EXPECT_EQ(view->postings_for_company("co1", 300, 200, 100).size(), 0u);
}

TEST_F(PostgresStoreTest, ManyLegsInOnePost) {
  auto store = open();
  std::vector<Posting> legs;
  for (int i = 0; i < 10; ++i) legs.push_back(make_leg("t1", "p1", "a" + std::to_string(i), i + 1, 1));
  legs.push_back(make_leg("t1", "p1", "sink", -55, 1));  // 11 legs: two statements
  store->write([&](WriteTxn& txn) { txn.post(legs); });
  auto rows = store->read()->postings_for_purchase("p1");
  ASSERT_EQ(rows.size(), 11u);
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].account, legs[i].account) << i;
}

TEST_F(PostgresStoreTest, UnbalancedPostingIsRejected) {
  auto store = open();
  EXPECT_THROW(store->write([](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "customer_funds", 500, 100), make_leg("t1", "p1", "merchant_pending", -499, 100)});
  }),
               std::invalid_argument);
  EXPECT_TRUE(store->read()->postings_for_purchase("p1").empty());
}

TEST_F(PostgresStoreTest, Balances) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "customer_funds", 500, 100), make_leg("t1", "p1", "merchant_pending", -500, 100)});
    txn.post({make_leg("t2", "p1", "merchant_pending", 500, 200), make_leg("t2", "p1", "merchant_available", -480, 200),
              make_leg("t2", "p1", "fees", -20, 200)});
    txn.post({make_leg("t3", "p2", "customer_funds", 1, 1, "co2"), make_leg("t3", "p2", "fees", -1, 1, "co2")});
  });
  auto b = store->read()->balances("co1");
  ASSERT_EQ(b.size(), 4u);
  // ORDER BY currency, account (bytewise)
  EXPECT_EQ(b[0].account, "customer_funds");
  EXPECT_EQ(b[0].amount_minor, 500);
  EXPECT_EQ(b[1].account, "fees");
  EXPECT_EQ(b[1].amount_minor, -20);
  EXPECT_EQ(b[2].account, "merchant_available");
  EXPECT_EQ(b[2].amount_minor, -480);
  EXPECT_EQ(b[3].account, "merchant_pending");
  EXPECT_EQ(b[3].amount_minor, 0);
  EXPECT_EQ(b[3].currency, "EUR");
  EXPECT_TRUE(store->read()->balances("co9").empty());
}

TEST_F(PostgresStoreTest, OutboxSeqIsStrictlyIncreasing) {
  auto store = open();
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < 3; ++i) {
    OutboxEvent e = make_event("ev" + std::to_string(i));
    store->write([&](WriteTxn& txn) { txn.append(e); });
    seqs.push_back(e.seq);
  }
  store->write([&](WriteTxn& txn) {
    seqs.resize(3);  // the work may run more than once
    for (int i = 3; i < 6; ++i) {
      OutboxEvent e = make_event("ev" + std::to_string(i));
      txn.append(e);
      seqs.push_back(e.seq);
    }
  });
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_GT(seqs[i], seqs[i - 1]);

  auto all = outbox_when(*store, 0, 6, 100);
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, seqs[i]);
    EXPECT_EQ(all[i].id, "ev" + std::to_string(i));
    EXPECT_EQ(all[i].event_type, "purchase.paid");
    EXPECT_EQ(all[i].company_id, "co1");
    EXPECT_EQ(all[i].object_id, "p1");
    EXPECT_EQ(all[i].payload, "{}");
    EXPECT_EQ(all[i].created_on, 100);
  }
  auto tail = store->read()->outbox_after(seqs[3], 2);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq, seqs[4]);
  EXPECT_EQ(tail[1].seq, seqs[5]);

  OutboxEvent again = make_event("ev0");
  EXPECT_THROW(store->write([&](WriteTxn& txn) { txn.append(again); }), DuplicateKey);
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

TEST_F(PostgresStoreTest, IdempotencyPutReplaceRemove) {
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
  EXPECT_FALSE(store->read()->idempotency("co2", "k1").has_value());

  store->write([](WriteTxn& txn) { txn.remove_idempotency("co1", "k1"); });
  EXPECT_FALSE(store->read()->idempotency("co1", "k1").has_value());
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

TEST_F(PostgresStoreTest, ThrowingWorkRollsBackOnlyItself) {
  auto store = open();
  constexpr int kThreads = 50;
  std::atomic<int> wrong_outcome{0};
  run_threads(kThreads, [&](int i) {
    const bool throws = i % 5 == 0;
    try {
      store->write([&](WriteTxn& txn) {
        Record r = make_record("purchase", "p" + std::to_string(i), "co1", i);
        txn.put(r, 0);
        OutboxEvent e{.id = "ev" + std::to_string(i), .event_type = "purchase.created", .payload = "{}"};
        txn.append(e);
        if (throws) throw std::runtime_error("boom " + std::to_string(i));
      });
      if (throws) ++wrong_outcome;
    } catch (const std::runtime_error& e) {
      if (!throws || std::string(e.what()) != "boom " + std::to_string(i)) ++wrong_outcome;
    }
  });
  EXPECT_EQ(wrong_outcome.load(), 0);
  auto view = store->read();
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(view->get("purchase", "p" + std::to_string(i)).has_value(), i % 5 != 0) << i;
  }
  EXPECT_EQ(view->list({.kind = "purchase", .company_id = "co1"}).size(), 40u);
  EXPECT_EQ(outbox_when(*store, 0, 40).size(), 40u);
  EXPECT_EQ(store->writes_committed(), 40u);
  EXPECT_EQ(store->writes_failed(), 10u);
}

TEST_F(PostgresStoreTest, ReentrantWriteThrowsInsteadOfDeadlocking) {
  auto store = open();
  EXPECT_THROW(store->write([&](WriteTxn&) { store->write([](WriteTxn&) {}); }), std::logic_error);
  put(*store, make_record("purchase", "after", "co1", 1));
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

TEST_F(PostgresStoreTest, DataSurvivesReopen) {
  {
    auto store = open();
    put(*store, make_record("purchase", "p1", "co1", 1, "paid"));
    store->write([](WriteTxn& txn) { txn.post({make_leg("t1", "p1", "a", 5, 1), make_leg("t1", "p1", "b", -5, 1)}); });
  }
  auto store = open();
  auto view = store->read();
  auto got = view->get("purchase", "p1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->status, "paid");
  EXPECT_EQ(view->postings_for_purchase("p1").size(), 2u);
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

TEST_F(PostgresStoreTest, NewerSchemaIsRefused) {
  { auto store = open(); }
  raw_->exec("INSERT INTO schema_migrations (version, applied_on) VALUES (999, 0)");
  EXPECT_THROW(open(), StoreError);
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

TEST_F(PostgresStoreTest, ReadViewIsASnapshot) {
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

TEST_F(PostgresStoreTest, ReadBlocksWhilePoolIsEmpty) {
  auto store = open(/*readers=*/1);
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

TEST_F(PostgresStoreTest, FactoryReturnsWorkingStore) {
  PostgresOptions options;
  options.url = url_;
  std::unique_ptr<Store> store = open_postgres(options);
  put(*store, make_record("company", "co1", "co1", 1));
  EXPECT_TRUE(store->read()->get("company", "co1").has_value());
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
  run_threads(kThreads, [&](int t) {
    for (int i = 0; i < kWritesPerThread; ++i) {
      const std::string id = "p" + std::to_string(t) + "-" + std::to_string(i);
      store->write([&](WriteTxn& txn) {
        Record r = make_record("purchase", id, "co1", i, "created");
        txn.put(r, 0);
        OutboxEvent e{.id = "ev-" + id, .company_id = "co1", .object_id = id, .event_type = "purchase.created",
                      .payload = r.body};
        txn.append(e);
      });
    }
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto writes = store->writes_committed();
  EXPECT_EQ(writes, static_cast<std::uint64_t>(kThreads * kWritesPerThread));
  std::printf("[ throughput ] %llu writes from %d threads in %.3f s: %.0f writes/s, %llu retries\n",
              static_cast<unsigned long long>(writes), kThreads, seconds, writes / seconds,
              static_cast<unsigned long long>(store->write_retries()));
}

}  // namespace
}  // namespace tender::store
