#pragma once
// One wait for one signal, the same code on a thread and in a fiber (util/fiber.hpp): a thread
// blocks on a condition variable; a fiber suspends, and its I/O thread serves other connections
// until the signal posts its resumption. The store's commits, the acquirer's answers, the reader
// pool and SuspendingMutex wait through it, so that a handler run as a fiber never blocks its thread.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace tender::util {

class Fiber;

class Wakeup {
 public:
  Wakeup();
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  // Returns once signal() was called (at once if it already was).
  void wait();
  // True when signalled within `timeout`; false when the time ran out first.
  bool wait_for(std::chrono::milliseconds timeout);
  // From any thread, once. The waiter may destroy the Wakeup as soon as its wait returns: the
  // shared state keeps what signal() still touches alive.
  void signal();

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable signalled_cv;
    bool signalled = false;
    Fiber* waiter = nullptr;  // a suspended fiber waiting; signal() wakes it
  };
  std::shared_ptr<State> state_;
};

// Sleeps for `duration`: a fiber suspends (its thread serves others meanwhile), a thread blocks.
void sleep_for(std::chrono::milliseconds duration);

}  // namespace tender::util
