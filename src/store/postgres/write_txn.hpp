#pragma once
// The WriteTxn of one PostgreSQL transaction (SERIALIZABLE) on a pooled connection. It remembers
// whether the server asked for the transaction to be run again (serialization failure,
// deadlock, lost connection before COMMIT), because a work function may catch and swallow the
// exception while the transaction is already aborted.
#include <cstddef>
#include <cstdint>
#include <string>

#include "store/postgres/reads.hpp"

namespace tender::store::postgres {

class PgWriteTxn final : public ConnectionReads<WriteTxn> {
 public:
  explicit PgWriteTxn(Connection& connection) : ConnectionReads<WriteTxn>(connection) {}

  void put(Record& record, std::int64_t expected_version) override;
  void remove(const std::string& kind, const std::string& id) override;
  void post(const std::vector<Posting>& legs) override;
  void append(OutboxEvent& event) override;
  void put_idempotency(const IdempotencyRecord& record) override;
  void remove_idempotency(const std::string& company_id, const std::string& key) override;
  std::size_t purge_idempotency(std::int64_t created_before, std::size_t limit) override;
  std::size_t purge_outbox(std::int64_t up_to_seq, std::int64_t created_before, std::size_t limit) override;

  bool retry_wanted() const { return retry_wanted_; }
  // The key ("kind/id") of this transaction's first write: after a conflict, the store runs the
  // next attempt holding a lock on it, so that writers retrying on one hot row queue up instead
  // of colliding again and again.
  const std::string& first_key() const { return first_key_; }
  // The first server error seen, for the message when a work function swallowed it.
  const std::string& first_error() const { return first_error_; }

 private:
  void on_error(const PgError& e) override;

  void note_key(const std::string& key) {
    if (first_key_.empty()) first_key_ = key;
  }
  // Keeps the transaction id a put's RETURNING answered, if none is known yet.
  void note_xid(const Result& r);

  std::string first_key_;
  std::int64_t xid_ = 0;  // this transaction's id, from a put or asked for by the first append; 0 until known
  std::size_t events_ = 0;  // appended in this transaction: the n in seq = (xid << 12) + n
  bool retry_wanted_ = false;
  std::string first_error_;
};

}  // namespace tender::store::postgres
