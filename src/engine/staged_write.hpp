#pragma once
// A write transaction that only records what it is asked to write, to be replayed later into a
// real one. It lets the engine do all of a new object's work — serializing documents and events,
// building postings — before entering the store's single writer, whose time is the throughput of
// every write: the replay is then a handful of plain inserts.
//
// By default only for objects that do not exist yet: reads see what was staged and nothing else
// (a read of anything stored throws or finds nothing, so a command that needs the store's state
// cannot use it by mistake). With read_through(view), get() of what was not staged reads that
// snapshot, and a put over a record read there is staged with its version: the
// replay then fails with store::VersionConflict if the record changed after the snapshot.
#include <variant>
#include <vector>

#include "store/store.hpp"

namespace tender::engine {

class StagedWrite final : public store::WriteTxn {
 public:
  // Applies every staged write, in order, to `tx`. Repeatable: the PostgreSQL store may run a
  // transaction's work again after a serialization failure.
  void replay(store::WriteTxn& tx) const;

  // Reads of what was not staged go to `snapshot` (nullptr: nowhere) until it is detached again;
  // detach before writing, so that no snapshot is held while the writer is waited for.
  void read_through(store::ReadView* snapshot) { snapshot_ = snapshot; }

  // WriteTxn: staged.
  void put(store::Record& record, std::int64_t expected_version) override;
  void remove(const std::string& kind, const std::string& id) override;
  void post(const std::vector<store::Posting>& legs) override;
  void append(store::OutboxEvent& event) override;
  void put_idempotency(const store::IdempotencyRecord& record) override;
  void remove_idempotency(const std::string& company_id, const std::string& key) override;
  std::size_t purge_idempotency(std::int64_t created_before, std::size_t limit) override;
  std::size_t purge_outbox(std::int64_t up_to_seq, std::int64_t created_before, std::size_t limit) override;

  // ReadView: the staged records only.
  std::optional<store::Record> get(const std::string& kind, const std::string& id) override;
  std::optional<store::Record> find_by_lookup(const std::string& kind, const std::string& lookup) override;
  std::vector<store::Record> list(const store::ListQuery& query) override;
  std::vector<store::Posting> postings_for_purchase(const std::string& purchase_id) override;
  std::vector<store::Posting> postings_for_company(const std::string& company_id, bool is_test, std::int64_t from,
                                                   std::int64_t to, std::size_t limit) override;
  std::vector<AccountBalance> balances(const std::string& company_id, bool is_test) override;
  std::optional<store::IdempotencyRecord> idempotency(const std::string& company_id, const std::string& key) override;
  std::vector<store::OutboxEvent> outbox_after(std::int64_t after_seq, std::size_t limit) override;

  static constexpr std::size_t kMaxWrites = 256;  // one command's writes; more is a bug

 private:
  struct Put {
    store::Record record;
    std::int64_t expected_version;
  };
  struct Remove {
    std::string kind, id;
  };
  struct Post {
    std::vector<store::Posting> legs;
  };
  struct Append {
    store::OutboxEvent event;
  };
  struct PutIdempotency {
    store::IdempotencyRecord record;
  };
  using Write = std::variant<Put, Remove, Post, Append, PutIdempotency>;
  void stage(Write w);
  std::vector<Write> writes_;
  store::ReadView* snapshot_ = nullptr;
};

}  // namespace tender::engine
