#pragma once
// A bounded pool of reader connections. Lending waits while all are out (up to kReaderWait),
// so the number of open SQLite handles never exceeds the configured count. The wait is a
// util::Wakeup: a handler run as a fiber suspends there instead of blocking its I/O thread, which
// may be the thread that would resume the fiber holding the connection it waits for.
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "util/wakeup.hpp"

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
  // Signals the first waiter, if any, and releases `lock` (held on entry).
  void wake_one(std::unique_lock<std::mutex>& lock) noexcept;
  const std::string path_;
  const std::size_t size_;
  std::mutex mutex_;  // never held while waiting
  std::deque<util::Wakeup*> waiters_;  // release() signals the first
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle plus lent out; <= size_
};

}  // namespace tender::store::sqlite
