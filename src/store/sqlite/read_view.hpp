#pragma once
// A ReadView on one pooled reader connection, inside a read transaction started at construction:
// every query sees the same committed snapshot, however many commits happen meanwhile. Use it
// from one thread at a time and keep it short-lived: an open snapshot holds a pool slot and keeps
// WAL checkpoints from completing.
#include <memory>

#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/reads.hpp"

namespace tender::store::sqlite {

class SqliteReadView final : public ConnectionReads<ReadView> {
 public:
  // Takes a connection from `pool` (blocking while none is free) and starts the snapshot.
  static std::unique_ptr<ReadView> open(std::shared_ptr<ReaderPool> pool);
  ~SqliteReadView() override;

 private:
  SqliteReadView(std::shared_ptr<ReaderPool> pool, std::unique_ptr<Connection> connection);
  void finish() noexcept;  // ends the transaction and returns the connection

  std::shared_ptr<ReaderPool> pool_;  // shared: a view may outlive the store that lent it
  std::unique_ptr<Connection> connection_;
};

}  // namespace tender::store::sqlite
