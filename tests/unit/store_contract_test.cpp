// The Store contract: behaviours both implementations of tender::store::Store must share
// (records, lookups, queries, postings, balances, outbox, idempotency, savepoints, snapshots,
// durability), run once per backend. Backend-specific behaviour (SQLite group commit, WAL and
// migrations; PostgreSQL retries, leases, outbox horizon, import, pools) stays in
// store_sqlite_test.cpp and store_postgres_test.cpp.
// The PostgreSQL cases need a server in TENDER_TEST_POSTGRES_URL, e.g. from
//   eval "$(bash scripts/pg-test-cluster.sh start --env)"
// and are skipped without one; each runs in a schema of its own (search_path).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/postgres_store.hpp"
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

std::string postgres_base_url() {
  const char* url = std::getenv("TENDER_TEST_POSTGRES_URL");
  return url && *url ? url : "";
}

// Runs one statement on a connection of the test's own (schema setup and teardown).
void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error(error);
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE chatter
  PGresult* r = PQexec(conn, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string error = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + error);
}

enum class Backend { Sqlite, Postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Sqlite) {
      std::string pattern = (std::filesystem::temp_directory_path() / "tender_store_XXXXXX").string();
      ASSERT_NE(mkdtemp(pattern.data()), nullptr);
      dir_ = pattern;
      return;
    }
    base_url_ = postgres_base_url();
    if (base_url_.empty()) {
      GTEST_SKIP() << "TENDER_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped. Start a server with "
                      "eval \"$(bash scripts/pg-test-cluster.sh start --env)\"";
    }
    std::random_device rd;
    schema_ = "t_" + std::to_string(rd()) + "_" + std::to_string(rd());
    pg_exec(base_url_, "CREATE SCHEMA " + schema_);
    // libpq's options parameter sets search_path for every connection the store opens.
    const std::string sep = base_url_.find('?') == std::string::npos ? "?" : "&";
    url_ = base_url_ + sep + "options=-csearch_path%3D" + schema_;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!schema_.empty()) pg_exec(base_url_, "DROP SCHEMA " + schema_ + " CASCADE");
  }

  // Opens the backend under test through its public factory, with `readers` read connections.
  std::unique_ptr<Store> open(std::size_t readers = 4) {
    if (GetParam() == Backend::Sqlite) {
      SqliteOptions options;
      options.path = (dir_ / "tender.db").string();
      options.reader_connections = readers;
      return open_sqlite(options);
    }
    PostgresOptions options;
    options.url = url_;
    options.read_connections = readers;
    options.write_connections = 8;
    return open_postgres(options);
  }

  // Opens the backend through its public factory with default options but the location.
  std::unique_ptr<Store> open_with_defaults() {
    if (GetParam() == Backend::Sqlite) {
      SqliteOptions options;
      options.path = (dir_ / "tender.db").string();
      return open_sqlite(options);
    }
    PostgresOptions options;
    options.url = url_;
    return open_postgres(options);
  }

  // Runs one statement on a connection of the test's own, bypassing the store.
  void raw_exec(const std::string& sql) {
    if (GetParam() == Backend::Postgres) {
      pg_exec(url_, sql);
      return;
    }
    sqlite3* db = nullptr;
    const std::string path = (dir_ / "tender.db").string();
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  static std::uint64_t writes_committed(Store& store) {
    if (auto* s = dynamic_cast<sqlite::SqliteStore*>(&store)) return s->writes_committed();
    return dynamic_cast<postgres::PostgresStore&>(store).writes_committed();
  }
  static std::uint64_t writes_failed(Store& store) {
    if (auto* s = dynamic_cast<sqlite::SqliteStore*>(&store)) return s->writes_failed();
    return dynamic_cast<postgres::PostgresStore&>(store).writes_failed();
  }

  std::filesystem::path dir_;  // SQLite
  std::string base_url_;       // PostgreSQL
  std::string schema_;
  std::string url_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         backend_name);

TEST_P(StoreContractTest, PutThenGetRoundTrips) {
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

TEST_P(StoreContractTest, TextRoundTripsExactly) {
  auto store = open();
  Record r = make_record("purchase", "p1", "co1", -5);
  r.body = "{\"name\":\"Zoë – 東京 \\u0000 'quote' \\\"dq\\\" ; DROP TABLE records; --\"}";
  put(*store, r);
  EXPECT_EQ(store->read()->get("purchase", "p1")->body, r.body);
  EXPECT_EQ(store->read()->get("purchase", "p1")->created_on, -5);
}

TEST_P(StoreContractTest, UpdateChecksVersion) {
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

// Every indexed column an update changes is found through its index afterwards, whichever of
// them change together (the SQLite store names only the changed ones in its UPDATE), and an
// update that changes none of them leaves the record where it was found.
TEST_P(StoreContractTest, UpdatesAreFoundThroughEveryIndexTheyChange) {
  auto store = open();
  Record r = make_record("purchase", "p1", "co1", 1000, "created", "lk1");
  store->write([&](WriteTxn& txn) { txn.put(r, 0); });
  auto found = [&](const std::string& company, const std::string& status, std::int64_t created_on,
                   const std::string& lookup) {
    auto view = store->read();
    auto listed = view->list({.kind = "purchase", .company_id = company, .statuses = {status},
                              .created_from = created_on, .created_to = created_on});
    auto by_lookup = view->find_by_lookup("purchase", lookup);
    return listed.size() == 1 && listed[0].id == "p1" && by_lookup && by_lookup->id == "p1";
  };
  auto update = [&] { store->write([&](WriteTxn& txn) { txn.put(r, r.version); }); };

  r.body = R"({"v":2})";
  update();
  EXPECT_TRUE(found("co1", "created", 1000, "lk1"));
  r.status = "paid";
  update();
  EXPECT_TRUE(found("co1", "paid", 1000, "lk1"));
  EXPECT_TRUE(store->read()->list({.kind = "purchase", .company_id = "co1", .statuses = {"created"}}).empty());
  r.lookup = "lk2";
  r.created_on = 2000;
  update();
  EXPECT_TRUE(found("co1", "paid", 2000, "lk2"));
  EXPECT_FALSE(store->read()->find_by_lookup("purchase", "lk1"));
  r.company_id = "co2";
  r.status = "refunded";
  update();
  EXPECT_TRUE(found("co2", "refunded", 2000, "lk2"));
  EXPECT_TRUE(store->read()->list({.kind = "purchase", .company_id = "co1"}).empty());
  EXPECT_EQ(r.version, 5);
  EXPECT_EQ(store->read()->get("purchase", "p1")->body, R"({"v":2})");
}

TEST_P(StoreContractTest, DuplicateIdIsRejected) {
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1));
  EXPECT_THROW(put(*store, make_record("purchase", "p1", "co2", 2)), DuplicateKey);
  put(*store, make_record("client", "p1", "co1", 1));  // same id, other kind
  EXPECT_EQ(store->read()->get("purchase", "p1")->company_id, "co1");
}

TEST_P(StoreContractTest, DuplicateLookupIsRejected) {
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

TEST_P(StoreContractTest, CaughtDuplicateKeyLeavesTheTransactionUsable) {
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

TEST_P(StoreContractTest, RemoveDeletesRecord) {
  auto store = open();
  put(*store, make_record("purchase", "p1", "co1", 1, "", "lk"));
  store->write([](WriteTxn& txn) { txn.remove("purchase", "p1"); });
  store->write([](WriteTxn& txn) { txn.remove("purchase", "never-existed"); });
  EXPECT_FALSE(store->read()->get("purchase", "p1").has_value());
  put(*store, make_record("purchase", "p2", "co1", 1, "", "lk"));  // lookup freed
}

TEST_P(StoreContractTest, ListPagesInCreatedOnThenIdDescendingOrder) {
  auto store = open();
  std::vector<Record> expected;
  store->write([&](WriteTxn& txn) {
    expected.clear();  // the work may run more than once
    for (int i = 0; i < 25; ++i) {
      // Three records per second: ties on created_on are broken by id.
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

TEST_P(StoreContractTest, ListFilters) {
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
  EXPECT_THROW(store->read()->list({.kind = "purchase", .company_id = "co1", .after_id = "p3"}), std::invalid_argument);
}

TEST_P(StoreContractTest, ListAcrossCompaniesForBackgroundJobs) {
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

TEST_P(StoreContractTest, ListLimitIsCappedAt1000) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    for (int i = 0; i < 1005; ++i) {
      Record r = make_record("purchase", "p" + std::to_string(i), "co1", i);
      txn.put(r, 0);
    }
  });
  EXPECT_EQ(store->read()->list({.kind = "purchase", .company_id = "co1", .limit = 5000}).size(), 1000u);
}

TEST_P(StoreContractTest, PostingsByPurchaseAndCompany) {
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

  EXPECT_EQ(view->postings_for_company("co1", true, 0, 1000, 100).size(), 7u);
  EXPECT_EQ(view->postings_for_company("co1", true, 200, 300, 100).size(), 5u);  // inclusive range
  EXPECT_EQ(view->postings_for_company("co1", true, 201, 299, 100).size(), 0u);
  EXPECT_EQ(view->postings_for_company("co1", true, 0, 1000, 3).size(), 3u);
  EXPECT_EQ(view->postings_for_company("co2", true, 0, 1000, 100).size(), 2u);
  EXPECT_EQ(view->postings_for_company("co1", true, 300, 200, 100).size(), 0u);
}

TEST_P(StoreContractTest, ManyLegsInOnePost) {
  auto store = open();
  std::vector<Posting> legs;
  for (int i = 0; i < 10; ++i) legs.push_back(make_leg("t1", "p1", "a" + std::to_string(i), i + 1, 1));
  legs.push_back(make_leg("t1", "p1", "sink", -55, 1));  // 11 legs: two statements
  store->write([&](WriteTxn& txn) { txn.post(legs); });
  auto rows = store->read()->postings_for_purchase("p1");
  ASSERT_EQ(rows.size(), 11u);
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].account, legs[i].account) << i;
}

TEST_P(StoreContractTest, UnbalancedPostingIsRejected) {
  auto store = open();
  EXPECT_THROW(store->write([](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "customer_funds", 500, 100), make_leg("t1", "p1", "merchant_pending", -499, 100)});
  }),
               std::invalid_argument);
  EXPECT_TRUE(store->read()->postings_for_purchase("p1").empty());
}

TEST_P(StoreContractTest, Balances) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "customer_funds", 500, 100), make_leg("t1", "p1", "merchant_pending", -500, 100)});
    txn.post({make_leg("t2", "p1", "merchant_pending", 500, 200), make_leg("t2", "p1", "merchant_available", -480, 200),
              make_leg("t2", "p1", "fees", -20, 200)});
    txn.post({make_leg("t3", "p2", "customer_funds", 1, 1, "co2"), make_leg("t3", "p2", "fees", -1, 1, "co2")});
  });
  auto b = store->read()->balances("co1", true);
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
  EXPECT_TRUE(store->read()->balances("co9", true).empty());
}

TEST_P(StoreContractTest, PostingsKeepTheirModeAndReportsSeparateTheModes) {
  auto store = open();
  auto live = [](Posting p) {
    p.is_test = false;
    return p;
  };
  store->write([&](WriteTxn& txn) {
    txn.post({make_leg("t1", "p1", "payer_funds", -500, 100), make_leg("t1", "p1", "merchant_available", 500, 100)});
    txn.post({live(make_leg("t2", "p2", "payer_funds", -70, 100)), live(make_leg("t2", "p2", "merchant_available", 70, 100))});
  });
  auto view = store->read();
  EXPECT_TRUE(view->postings_for_purchase("p1")[0].is_test);
  EXPECT_FALSE(view->postings_for_purchase("p2")[0].is_test);
  auto test_rows = view->postings_for_company("co1", true, 0, 1000, 100);
  auto live_rows = view->postings_for_company("co1", false, 0, 1000, 100);
  ASSERT_EQ(test_rows.size(), 2u);
  ASSERT_EQ(live_rows.size(), 2u);
  EXPECT_EQ(live_rows[0].purchase_id, "p2");
  auto test_balance = view->balances("co1", true);
  auto live_balance = view->balances("co1", false);
  ASSERT_EQ(live_balance.size(), 2u);
  EXPECT_EQ(live_balance[0].account, "merchant_available");
  EXPECT_EQ(live_balance[0].amount_minor, 70);
  EXPECT_EQ(test_balance[0].amount_minor, 500);
}

TEST_P(StoreContractTest, OutboxSeqIsStrictlyIncreasing) {
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

TEST_P(StoreContractTest, IdempotencyPutReplaceRemove) {
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

TEST_P(StoreContractTest, IdempotencyPurgeTakesOnlyOldRecordsOldestFirstAndIsBounded) {
  auto store = open();
  store->write([](WriteTxn& txn) {
    for (int i = 0; i < 5; ++i)
      txn.put_idempotency({.company_id = "co" + std::to_string(i % 2), .key = "old" + std::to_string(i),
                           .request_hash = "h", .status_code = 201, .created_on = 100 + i});
    txn.put_idempotency({.company_id = "co1", .key = "new", .request_hash = "h", .created_on = 200});
  });
  std::size_t purged = 0;
  store->write([&](WriteTxn& txn) { purged = txn.purge_idempotency(200, 3); });
  EXPECT_EQ(purged, 3u) << "bounded by the limit";
  EXPECT_FALSE(store->read()->idempotency("co0", "old0").has_value()) << "oldest first";
  EXPECT_FALSE(store->read()->idempotency("co0", "old2").has_value());
  EXPECT_TRUE(store->read()->idempotency("co1", "old3").has_value());
  store->write([&](WriteTxn& txn) { purged = txn.purge_idempotency(200, 100); });
  EXPECT_EQ(purged, 2u);
  EXPECT_TRUE(store->read()->idempotency("co1", "new").has_value()) << "created_on == cutoff is kept";
  store->write([&](WriteTxn& txn) { purged = txn.purge_idempotency(200, 100); });
  EXPECT_EQ(purged, 0u);
}

TEST_P(StoreContractTest, OutboxPurgeTakesOnlyConsumedOldEventsOldestFirstAndIsBounded) {
  auto store = open();
  std::vector<std::int64_t> seqs;
  store->write([&](WriteTxn& txn) {
    for (int i = 0; i < 6; ++i) {
      OutboxEvent e = make_event("ev" + std::to_string(i));
      e.created_on = 100 + i;  // ev5 is the newest
      txn.append(e);
      seqs.push_back(e.seq);
    }
  });
  const std::int64_t consumed = seqs[4];  // ev0..ev4 fanned out; ev5 not yet
  std::size_t purged = 0;
  store->write([&](WriteTxn& txn) { purged = txn.purge_outbox(consumed, 200, 2); });
  EXPECT_EQ(purged, 2u) << "bounded by the limit";
  auto left = store->read()->outbox_after(0, 100);
  ASSERT_EQ(left.size(), 4u);
  EXPECT_EQ(left.front().id, "ev2") << "oldest first";
  store->write([&](WriteTxn& txn) { purged = txn.purge_outbox(consumed, 104, 100); });
  EXPECT_EQ(purged, 2u) << "created_on == cutoff (ev4) is kept";
  store->write([&](WriteTxn& txn) { purged = txn.purge_outbox(consumed, 1000, 100); });
  EXPECT_EQ(purged, 1u) << "ev4 goes; ev5 is past the consumed seq and stays";
  left = store->read()->outbox_after(0, 100);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.front().id, "ev5");
}

TEST_P(StoreContractTest, ThrowingWorkRollsBackOnlyItsOwnWork) {
  auto store = open();
  constexpr int kThreads = 50;
  std::atomic<int> wrong_outcome{0};
  run_threads(kThreads, [&](int i) {
    const bool throws = i % 5 == 0;
    try {
      store->write([&](WriteTxn& txn) {
        Record r = make_record("purchase", "p" + std::to_string(i), "co1", i);
        txn.put(r, 0);  // written, then undone (savepoint or transaction) if this item throws
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
  EXPECT_EQ(outbox_when(*store, 0, 40).size(), 40u);
  EXPECT_EQ(writes_committed(*store), 40u);
  EXPECT_EQ(writes_failed(*store), 10u);
}

TEST_P(StoreContractTest, ReentrantWriteThrowsInsteadOfDeadlocking) {
  auto store = open();
  EXPECT_THROW(store->write([&](WriteTxn&) { store->write([](WriteTxn&) {}); }), std::logic_error);
  put(*store, make_record("purchase", "after", "co1", 1));  // the writer is still healthy
}

TEST_P(StoreContractTest, DataSurvivesReopen) {
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

TEST_P(StoreContractTest, ReadViewIsASnapshot) {
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

TEST_P(StoreContractTest, ReadBlocksWhilePoolIsEmpty) {
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

TEST_P(StoreContractTest, NewerSchemaIsRefused) {
  { auto store = open(); }
  raw_exec("INSERT INTO schema_migrations (version, applied_on) VALUES (999, 0)");
  EXPECT_THROW(open(), StoreError);
}

TEST_P(StoreContractTest, FactoryReturnsWorkingStore) {
  std::unique_ptr<Store> store = open_with_defaults();
  put(*store, make_record("company", "co1", "co1", 1));
  EXPECT_TRUE(store->read()->get("company", "co1").has_value());
}

}  // namespace
}  // namespace tender::store
