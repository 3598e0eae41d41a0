#pragma once
// A mutex that may be held across a wait (a durable commit): a thread that finds it taken blocks,
// a fiber suspends (util::Wakeup), so that two fibers of one I/O thread contending for it cannot
// block the thread that would resume the holder. Ownership passes to the waiters in arrival order.
// Meets the standard's Lockable requirements (std::lock_guard, std::unique_lock).
#include <mutex>
#include <vector>

namespace tender::util {

class Wakeup;

class SuspendingMutex {
 public:
  SuspendingMutex() = default;
  SuspendingMutex(const SuspendingMutex&) = delete;
  SuspendingMutex& operator=(const SuspendingMutex&) = delete;

  void lock();
  bool try_lock();
  void unlock();

 private:
  std::mutex mutex_;  // guards the two members below only, never held while waiting
  bool locked_ = false;
  std::vector<Wakeup*> waiters_;  // first come, first served; empty (no allocation) while uncontended
};

}  // namespace tender::util
