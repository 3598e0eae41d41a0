#include "store/postgres/pool.hpp"
#include "util/invariant.hpp"


#include "store/postgres/limits.hpp"

namespace tender::store::postgres {

std::shared_ptr<Pool> Pool::create(std::string url, std::size_t max, std::size_t overflow, std::string name) {
  TENDER_ASSERT(max >= 1 && max <= kMaxConnections && overflow <= kMaxConnections, "pool_size_bounded", "pool.cpp");
  return std::shared_ptr<Pool>(new Pool(std::move(url), max, overflow, std::move(name)));
}

Pool::Lease Pool::acquire(bool may_overflow) {
  std::unique_lock lock(mutex_);
  const std::size_t limit = may_overflow ? max_ + overflow_ : max_;
  const bool got = freed_.wait_for(lock, kPoolWait, [&] { return !idle_.empty() || open_ < limit; });
  if (!got) {
    throw StoreError("postgres: no free " + name_ + " connection within " + std::to_string(kPoolWait.count()) +
                     " s (all " + std::to_string(max_) + " in use)");
  }
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(shared_from_this(), std::move(c));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  try {
    return Lease(shared_from_this(), std::make_unique<Connection>(url_));
  } catch (...) {
    lock.lock();
    --open_;
    lock.unlock();
    freed_.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> c) {
  if (!c->idle()) return forget(std::move(c));
  {
    std::lock_guard lock(mutex_);
    if (open_ <= max_) {
      idle_.push_back(std::move(c));
      c = nullptr;
    }
  }
  if (c) return forget(std::move(c));  // an overflow connection
  freed_.notify_one();
}

void Pool::drop_idle() {
  std::vector<std::unique_ptr<Connection>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(idle_);
    open_ -= dropped.size();
  }
  dropped.clear();  // close outside the lock
  freed_.notify_all();
}

void Pool::forget(std::unique_ptr<Connection> c) {
  c.reset();  // close outside the lock
  {
    std::lock_guard lock(mutex_);
    TENDER_ASSERT(open_ > 0, "pool_has_open_connection", "pool.cpp");
    --open_;
  }
  freed_.notify_one();
}

std::size_t Pool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace tender::store::postgres
