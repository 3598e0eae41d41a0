// The wrapped page cache (store/sqlite/page_cache.hpp): commits after page splits skip the scan of
// every cached page, and nothing is lost or left stale by it. The store is worked with updates that
// grow rows in random order (splits in every transaction, each borrowing the lock-byte page's key),
// then read back and checked page by page with SQLite's own integrity_check.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "store/sqlite/page_cache.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "../store_test_support.hpp"

namespace tender::store::sqlite {
namespace {

using test_support::make_record;

std::string integrity_of(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
  std::string result;
  while (sqlite3_step(stmt) == SQLITE_ROW) result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

TEST(SqlitePageCache, GrowingRowsInRandomOrderStayIntactAndReadBack) {
  // The store opens its connections through install_page_cache(); in this test binary SQLite may
  // have been initialized by an earlier test's raw connection, and then pcache1 is used unwrapped.
  if (!install_page_cache()) GTEST_SKIP() << "SQLite was initialized before the wrapper could be installed";
  char pattern[] = "/tmp/tender-pcache-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::filesystem::path dir = pattern;
  const std::string path = (dir / "tender.db").string();
  {
    SqliteOptions options;
    options.path = path;
    auto store = open_sqlite_store(options);
    constexpr int kRecords = 3000;
    std::map<std::string, Record> expected;
    store->write([&](WriteTxn& tx) {
      for (int i = 0; i < kRecords; ++i) {
        Record r = make_record("purchase", "p" + std::to_string(100000 + i), "co1", i, "created");
        r.body = R"({"n":)" + std::to_string(i) + "}";
        tx.put(r, 0);
        expected[r.id] = r;
      }
    });
    std::mt19937 random(7);
    for (int round = 0; round < 4; ++round) {
      std::vector<std::string> ids;
      for (const auto& [id, r] : expected) ids.push_back(id);
      std::shuffle(ids.begin(), ids.end(), random);
      for (std::size_t start = 0; start < ids.size(); start += 100) {  // 30 transactions per round
        store->write([&](WriteTxn& tx) {
          for (std::size_t i = start; i < std::min(ids.size(), start + 100); ++i) {
            Record& r = expected[ids[i]];
            r.status = round % 2 ? "paid" : "hold";
            r.body = R"({"round":)" + std::to_string(round) + R"(,"pad":")" + std::string(40 * (round + 1), 'x') + R"("})";
            tx.put(r, r.version);
          }
        });
      }
    }
    auto view = store->read();
    for (const auto& [id, r] : expected) {
      auto got = view->get("purchase", id);
      ASSERT_TRUE(got.has_value()) << id;
      EXPECT_EQ(got->body, r.body) << id;
      EXPECT_EQ(got->version, 5) << id;
    }
    EXPECT_EQ(view->list({.kind = "purchase", .company_id = "co1", .statuses = {"paid"}, .limit = 1000}).size(), 1000u);
  }
  EXPECT_EQ(integrity_of(path), "ok");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tender::store::sqlite
