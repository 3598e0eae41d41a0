#include "store/sqlite/reader_pool.hpp"
#include "util/invariant.hpp"


#include "store/sqlite/limits.hpp"
#include "store/store_error.hpp"

#include <algorithm>
#include <chrono>

namespace tender::store::sqlite {

ReaderPool::ReaderPool(std::string path, std::size_t size) : path_(std::move(path)), size_(size) {
  TENDER_ASSERT(size_ >= 1 && size_ <= kMaxReaderConnections, "reader_pool_size_bounded", "reader_pool.cpp");
  idle_.reserve(size_);
  for (std::size_t i = 0; i < size_; ++i) idle_.push_back(std::make_unique<Connection>(path_, Role::reader));
  open_ = size_;
}

std::unique_ptr<Connection> ReaderPool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + kReaderWait;
  std::unique_lock lock(mutex_);
  while (idle_.empty() && open_ >= size_) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    util::Wakeup released;
    waiters_.push_back(&released);
    lock.unlock();
    const bool signalled = left.count() > 0 && released.wait_for(left);
    lock.lock();
    if (signalled) continue;
    const auto queued = std::find(waiters_.begin(), waiters_.end(), &released);
    if (queued == waiters_.end()) {
      // A release() took this waiter just as the time ran out and is signalling it: wait for that
      // (it is on its way) so that `released` outlives the signal.
      lock.unlock();
      released.wait();
      lock.lock();
      continue;
    }
    waiters_.erase(queued);
    if (!idle_.empty() || open_ < size_) break;
    throw StoreError("sqlite: no reader connection free after " + std::to_string(kReaderWait.count()) + "s (" +
                     std::to_string(size_) + " in use; is a ReadView leaked?)");
  }
  if (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  // Replace a connection discarded by release(); open outside the lock, it touches the disk.
  ++open_;
  lock.unlock();
  try {
    return std::make_unique<Connection>(path_, Role::reader);
  } catch (...) {
    lock.lock();
    --open_;
    wake_one(lock);
    throw;
  }
}

void ReaderPool::release(std::unique_ptr<Connection> connection) noexcept {
  TENDER_ASSERT(connection != nullptr && connection->role() == Role::reader, "reader_connection_role", "reader_pool.cpp");
  const bool reusable = !connection->in_transaction();
  if (!reusable) connection.reset();  // close outside the lock
  std::unique_lock lock(mutex_);
  TENDER_ASSERT(open_ >= 1 && idle_.size() < open_, "reader_pool_accounting", "reader_pool.cpp");
  if (reusable) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  wake_one(lock);
}

void ReaderPool::wake_one(std::unique_lock<std::mutex>& lock) noexcept {
  if (waiters_.empty()) return;
  util::Wakeup* next = waiters_.front();
  waiters_.pop_front();
  lock.unlock();
  next->signal();
}

}  // namespace tender::store::sqlite
