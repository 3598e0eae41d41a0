#pragma once
// The WriteTxn handed to one write() work function: the writer connection, inside that work
// item's savepoint of the current group-commit transaction. Reads go through the same connection
// so work sees its own (and its batch predecessors') uncommitted writes.
#include <string>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/reads.hpp"
#include "store/store.hpp"

namespace tender::store::sqlite {

class SqliteWriteTxn final : public ConnectionReads<WriteTxn> {
 public:
  explicit SqliteWriteTxn(Connection& writer);

  void put(Record& record, std::int64_t expected_version) override;
  void remove(const std::string& kind, const std::string& id) override;
  void post(const std::vector<Posting>& legs) override;
  void append(OutboxEvent& event) override;
  void put_idempotency(const IdempotencyRecord& record) override;
  void remove_idempotency(const std::string& company_id, const std::string& key) override;
  std::size_t purge_idempotency(std::int64_t created_before, std::size_t limit) override;
  std::size_t purge_outbox(std::int64_t up_to_seq, std::int64_t created_before, std::size_t limit) override;

 private:
  // Writes are only legal inside the batch transaction; if SQLite rolled it back on its own
  // (I/O error, disk full) a write would otherwise autocommit outside the batch.
  void require_transaction();
  // `json` as stored (document_codec.hpp: encoded when `encode` and worth it). The last document
  // encoded is kept: one transaction writes the same bytes several times (a purchase and the
  // events of its save carry the same document), and encoding is most of the writer's CPU time.
  const std::string& stored_form(const std::string& json, bool encode);

  bool memo_valid_ = false;
  std::string memo_plain_, memo_stored_;
};

}  // namespace tender::store::sqlite
