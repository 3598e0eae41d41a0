#pragma once
// A bounded pool of reader connections. Lending blocks while all are out (up to kReaderWait),
// so the number of open SQLite handles never exceeds the configured count.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace tender::store::sqlite {

class ReaderPool {
 public:
  // Opens all `size` connections now so a bad path or permission fails at startup.
  ReaderPool(std::string path, std::size_t size);

  std::unique_ptr<Connection> acquire();
  // Takes the connection back; one still inside a transaction is closed and reopened lazily
  // rather than handed to the next reader in an unknown state.
  void release(std::unique_ptr<Connection> connection) noexcept;

  std::size_t size() const { return size_; }

 private:
  const std::string path_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle plus lent out; <= size_
};

}  // namespace tender::store::sqlite
