#include "util/suspending_mutex.hpp"

#include "util/invariant.hpp"
#include "util/wakeup.hpp"

namespace tender::util {

void SuspendingMutex::lock() {
  std::unique_lock lock(mutex_);
  if (!locked_) {
    locked_ = true;
    return;
  }
  Wakeup handed_over;
  waiters_.push_back(&handed_over);
  lock.unlock();
  handed_over.wait();  // unlock() left locked_ set: the lock is now this caller's
}

bool SuspendingMutex::try_lock() {
  std::lock_guard lock(mutex_);
  if (locked_) return false;
  locked_ = true;
  return true;
}

void SuspendingMutex::unlock() {
  std::unique_lock lock(mutex_);
  TENDER_ASSERT(locked_, "suspending_mutex_unlocked_when_held", "suspending_mutex.cpp");
  if (waiters_.empty()) {
    locked_ = false;
    return;
  }
  Wakeup* next = waiters_.front();
  waiters_.erase(waiters_.begin());
  lock.unlock();
  next->signal();
}

}  // namespace tender::util
