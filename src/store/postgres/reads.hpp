#pragma once
// The ReadView queries, written once against a Connection and shared by the read snapshots
// (REPEATABLE READ, read only) and the write transaction (which reads its own writes).
// Same results, order and caps as store/sqlite/reads.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace tender::store::postgres {

namespace reads {
std::optional<Record> get(Connection& c, const std::string& kind, const std::string& id);
std::optional<Record> find_by_lookup(Connection& c, const std::string& kind, const std::string& lookup);
std::vector<Record> list(Connection& c, const ListQuery& query);
std::vector<Posting> postings_for_purchase(Connection& c, const std::string& purchase_id);
std::vector<Posting> postings_for_company(Connection& c, const std::string& company_id, bool is_test,
                                          std::int64_t from, std::int64_t to, std::size_t limit);
std::vector<ReadView::AccountBalance> balances(Connection& c, const std::string& company_id, bool is_test);
std::optional<IdempotencyRecord> idempotency(Connection& c, const std::string& company_id, const std::string& key);
std::vector<OutboxEvent> outbox_after(Connection& c, std::int64_t after_seq, std::size_t limit);
}  // namespace reads

// Implements the ReadView half of `Base` (ReadView or WriteTxn) on one connection. Every call
// goes through `guard`, which the write transaction uses to notice serialization failures even
// when the work function swallows the exception.
template <class Base>
class ConnectionReads : public Base {
 public:
  std::optional<Record> get(const std::string& kind, const std::string& id) override {
    return guard([&] { return reads::get(*connection_, kind, id); });
  }
  std::optional<Record> find_by_lookup(const std::string& kind, const std::string& lookup) override {
    return guard([&] { return reads::find_by_lookup(*connection_, kind, lookup); });
  }
  std::vector<Record> list(const ListQuery& query) override {
    return guard([&] { return reads::list(*connection_, query); });
  }
  std::vector<Posting> postings_for_purchase(const std::string& purchase_id) override {
    return guard([&] { return reads::postings_for_purchase(*connection_, purchase_id); });
  }
  std::vector<Posting> postings_for_company(const std::string& company_id, bool is_test, std::int64_t from,
                                            std::int64_t to, std::size_t limit) override {
    return guard([&] { return reads::postings_for_company(*connection_, company_id, is_test, from, to, limit); });
  }
  std::vector<ReadView::AccountBalance> balances(const std::string& company_id, bool is_test) override {
    return guard([&] { return reads::balances(*connection_, company_id, is_test); });
  }
  std::optional<IdempotencyRecord> idempotency(const std::string& company_id, const std::string& key) override {
    return guard([&] { return reads::idempotency(*connection_, company_id, key); });
  }
  std::vector<OutboxEvent> outbox_after(std::int64_t after_seq, std::size_t limit) override {
    return guard([&] { return reads::outbox_after(*connection_, after_seq, limit); });
  }

 protected:
  explicit ConnectionReads(Connection& connection) : connection_(&connection) {}
  Connection& connection() { return *connection_; }
  // Runs one store call; the write transaction overrides on_error to record what happened.
  template <class Fn>
  auto guard(Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const PgError& e) {
      on_error(e);
      throw;
    }
  }
  virtual void on_error(const PgError&) {}

 private:
  Connection* connection_;  // not owned; outlives this view by construction of the derived class
};

}  // namespace tender::store::postgres
