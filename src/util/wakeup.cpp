#include "util/wakeup.hpp"

#include <boost/asio/steady_timer.hpp>
#include <utility>

#include "util/fiber.hpp"
#include "util/invariant.hpp"

namespace tender::util {

Wakeup::Wakeup() : state_(std::make_shared<State>()) {}

void Wakeup::wait() {
  Fiber* fiber = Fiber::current();
  std::unique_lock lock(state_->mutex);
  if (state_->signalled) return;
  if (fiber == nullptr) {
    state_->signalled_cv.wait(lock, [this] { return state_->signalled; });
    return;
  }
  state_->waiter = fiber;
  lock.unlock();
  // A signal() from now on posts the resumption; it runs only once this fiber has suspended,
  // since the fiber's thread is the one running it.
  fiber->suspend();
  lock.lock();
  TENDER_ASSERT(state_->signalled, "fiber_woken_by_its_signal", "wakeup.cpp");
}

bool Wakeup::wait_for(std::chrono::milliseconds timeout) {
  Fiber* fiber = Fiber::current();
  std::unique_lock lock(state_->mutex);
  if (state_->signalled) return true;
  if (fiber == nullptr) {
    return state_->signalled_cv.wait_for(lock, timeout, [this] { return state_->signalled; });
  }
  state_->waiter = fiber;
  lock.unlock();
  // Whichever comes first, the signal or the timer, takes the waiter and resumes the fiber; the
  // other finds no waiter and does nothing. The timer's handler holds the state (and the timer).
  auto timer = std::make_shared<boost::asio::steady_timer>(fiber->executor(), timeout);
  timer->async_wait([state = state_, timer](const boost::system::error_code&) {
    std::unique_lock timer_lock(state->mutex);
    Fiber* waiter = std::exchange(state->waiter, nullptr);
    timer_lock.unlock();
    if (waiter != nullptr) waiter->resume_now();  // on the fiber's thread: its event loop runs timers
  });
  fiber->suspend();
  timer->cancel();
  lock.lock();
  return state_->signalled;
}

void Wakeup::signal() {
  const std::shared_ptr<State> state = state_;  // the waiter may destroy *this once it sees the flag
  std::unique_lock lock(state->mutex);
  TENDER_ASSERT(!state->signalled, "wakeup_signalled_once", "wakeup.cpp");
  state->signalled = true;
  if (Fiber* waiter = std::exchange(state->waiter, nullptr)) {
    lock.unlock();
    waiter->wake();
    return;
  }
  state->signalled_cv.notify_one();  // under the lock: the waiter cannot return before it
}

void sleep_for(std::chrono::milliseconds duration) {
  if (duration.count() <= 0) return;
  Wakeup never_signalled;
  never_signalled.wait_for(duration);
}

}  // namespace tender::util
