#pragma once
// A fiber: a function run on its own stack, on the thread that starts it, that can suspend where it
// would otherwise block (util::Wakeup) and be resumed later by its thread's event loop. The HTTP
// server runs the handlers of its busiest routes this way on its I/O threads (http::Wait::suspends):
// a request then waits for its durable commit without a thread of its own, and the two hand-offs
// between an I/O thread and a handler thread, with their context switches, are gone.
//
// A fiber never moves to another thread: it is resumed by a task posted to the executor it was
// started with, which must run on one thread only (an io_context run by one thread). Code it runs
// must not hold a std::mutex across a suspension point; util::SuspendingMutex is the lock to hold
// there.
#include <boost/asio/any_io_executor.hpp>
#include <boost/context/fiber.hpp>
#include <cstddef>
#include <functional>

namespace tender::util {

class Fiber {
 public:
  // Each fiber's stack, with a guard page below it; the pages a fiber never touches are never made
  // resident. The deepest user is std::regex, which recurses per character matched (~300 bytes
  // each): a 254-character email takes ~80 KiB, and 1,024 characters (four times that, and the
  // table reader's cap on any patterned value) still fit (tests/unit/util/fiber_stack_test.cpp).
  static constexpr std::size_t kStackBytes = 512 << 10;

  // Runs `body` on a new fiber now, on this thread, until it returns or first suspends; returns
  // then. `executor` runs its resumptions: it must be the one whose (single) thread calls start().
  // `body` must not throw (the caller catches what its handler may throw).
  static void start(boost::asio::any_io_executor executor, std::function<void()> body);

  // The fiber running on this thread, or null on a plain thread (which blocks instead of suspending).
  static Fiber* current() noexcept;
  // Fibers started and not yet finished, in this process (the server waits for them at shutdown).
  static std::size_t alive() noexcept;

  // Called by the fiber itself: returns to the event loop until wake() (or resume_now()).
  void suspend();
  // From any thread: posts the fiber's resumption to its executor. Once per suspend().
  void wake();
  // On the fiber's thread, from its event loop (a posted task or a timer's handler), never from
  // inside a fiber: switches to the fiber until it suspends again or returns.
  void resume_now();
  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

 private:
  Fiber(boost::asio::any_io_executor executor, std::function<void()> body);
  boost::asio::any_io_executor executor_;
  std::function<void()> body_;
  boost::context::fiber self_;    // the fiber's side, while it is suspended
  boost::context::fiber caller_;  // the event loop's side, while the fiber runs
  bool finished_ = false;
  // For AddressSanitizer's fiber annotations (no-ops in other builds): both sides' stacks.
  boost::context::stack_context stack_{};
  const void* loop_stack_bottom_ = nullptr;
  std::size_t loop_stack_bytes_ = 0;
  void* fake_stack_ = nullptr;
};

}  // namespace tender::util
