// Helpers shared by the store tests (store_contract_test.cpp, store_sqlite_test.cpp,
// store_postgres_test.cpp, and the engine/app tests that need a real store): record, posting and
// event builders, thread helpers, and a SQLite store in a temporary directory.
#pragma once

// gcc 12 warns about designated initializers that leave defaulted members out (GCC bug 96868).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace tender::store::test_support {

// A real SQLite store in a new temporary directory; both are removed on destruction.
class TempSqliteStore {
 public:
  explicit TempSqliteStore(const std::string& label = "tender_store") {
    std::string pattern = (std::filesystem::temp_directory_path() / (label + "_XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    SqliteOptions options;
    options.path = (dir_ / "tender.db").string();
    store_ = open_sqlite(options);
  }
  ~TempSqliteStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempSqliteStore(const TempSqliteStore&) = delete;
  TempSqliteStore& operator=(const TempSqliteStore&) = delete;
  Store& operator*() { return *store_; }
  Store* operator->() { return store_.get(); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

inline Record make_record(const std::string& kind, const std::string& id, const std::string& company,
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

inline Posting make_leg(const std::string& txn, const std::string& purchase, const std::string& account,
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

inline OutboxEvent make_event(const std::string& id, const std::string& object_id = "p1") {
  OutboxEvent e;
  e.id = id;
  e.company_id = "co1";
  e.object_id = object_id;
  e.event_type = "purchase.paid";
  e.payload = "{}";
  e.created_on = 100;
  return e;
}

// Inserts `record` as a new record (expected version 0) in a write of its own.
inline void put(Store& store, Record record) {
  store.write([&](WriteTxn& txn) { txn.put(record, 0); });
}

// Runs `fn` on `count` threads at once and waits for all of them.
template <class Fn>
void run_threads(int count, Fn fn) {
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads.emplace_back(fn, i);
  for (auto& t : threads) t.join();
}

// outbox_after, once at least `count` events are visible. PostgreSQL hides events behind any
// older transaction still open, and other clients (tests running in parallel) have some; SQLite
// answers at once.
inline std::vector<OutboxEvent> outbox_when(Store& store, std::int64_t after, std::size_t count,
                                            std::size_t limit = 1000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    auto rows = store.read()->outbox_after(after, limit);
    if (rows.size() >= count || std::chrono::steady_clock::now() > deadline) return rows;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// The load of the throughput reports: `threads` threads each write `per_thread` purchases, one
// write each, with a purchase.created event in the same write.
inline void write_purchases_with_events(Store& store, int threads, int per_thread) {
  run_threads(threads, [&](int t) {
    for (int i = 0; i < per_thread; ++i) {
      const std::string id = "p" + std::to_string(t) + "-" + std::to_string(i);
      store.write([&](WriteTxn& txn) {
        Record r = make_record("purchase", id, "co1", i, "created");
        txn.put(r, 0);
        OutboxEvent e{.id = "ev-" + id, .company_id = "co1", .object_id = id, .event_type = "purchase.created",
                      .payload = r.body};
        txn.append(e);
      });
    }
  });
}

}  // namespace tender::store::test_support
