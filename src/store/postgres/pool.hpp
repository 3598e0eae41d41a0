#pragma once
// A bounded pool of connections to one database. Connections are opened lazily up to `max` and
// reused; one handed back broken or inside a transaction is closed instead of reused, so a
// failure never leaks into the next user's transaction.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace tender::store::postgres {

class Pool : public std::enable_shared_from_this<Pool> {
 public:
  class Lease {
   public:
    Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> c) : pool_(std::move(pool)), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (c_) pool_->release(std::move(c_));
    }
    bool valid() const { return c_ != nullptr; }
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }
    // Closes the connection instead of returning it (after a lost connection or unknown state).
    void discard() {
      if (c_) pool_->forget(std::move(c_));
    }

   private:
    std::shared_ptr<Pool> pool_;
    std::unique_ptr<Connection> c_;
  };

  // `overflow`: connections that acquire(true) may open beyond `max` when the pool is exhausted;
  // they are closed, not pooled, when handed back.
  static std::shared_ptr<Pool> create(std::string url, std::size_t max, std::size_t overflow, std::string name);
  // Waits up to kPoolWait for a free connection; throws StoreError after that or when the server
  // cannot be reached. `may_overflow` lets a caller that holds a connection of another pool
  // (a read inside a write) go beyond `max`, so that two pools waiting on each other can never
  // deadlock.
  Lease acquire(bool may_overflow = false);
  // Closes the idle connections: after one was found dead (server restart), the others are too.
  void drop_idle();
  std::size_t open_connections() const;

 private:
  Pool(std::string url, std::size_t max, std::size_t overflow, std::string name)
      : url_(std::move(url)), max_(max), overflow_(overflow), name_(std::move(name)) {}
  void release(std::unique_ptr<Connection> c);
  void forget(std::unique_ptr<Connection> c);

  const std::string url_;
  const std::size_t max_;
  const std::size_t overflow_;
  const std::string name_;  // "read" or "write", for messages
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle + leased + being opened
};

}  // namespace tender::store::postgres
