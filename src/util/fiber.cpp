#include "util/fiber.hpp"

#include <boost/asio/post.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <utility>
#include <vector>

#include "util/invariant.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TENDER_FIBER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TENDER_FIBER_ASAN 1
#endif
#ifdef TENDER_FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace tender::util {

namespace ctx = boost::context;

namespace {

// AddressSanitizer must hear of every switch between stacks, or it misreads the stack it finds
// itself on. `start` goes right before a switch (null `fake_stack` when leaving a stack for good),
// `finish` right after one.
void switch_starts([[maybe_unused]] void** fake_stack, [[maybe_unused]] const void* to_bottom,
                   [[maybe_unused]] std::size_t to_bytes) {
#ifdef TENDER_FIBER_ASAN
  __sanitizer_start_switch_fiber(fake_stack, to_bottom, to_bytes);
#endif
}
void switch_finished([[maybe_unused]] void* fake_stack, [[maybe_unused]] const void** from_bottom,
                     [[maybe_unused]] std::size_t* from_bytes) {
#ifdef TENDER_FIBER_ASAN
  __sanitizer_finish_switch_fiber(fake_stack, from_bottom, from_bytes);
#endif
}

thread_local Fiber* t_current = nullptr;
std::atomic<std::size_t> g_alive{0};

// Stacks are reused: mapping one (with its guard page) costs three system calls, more than the
// rest of a fiber's life. A stack goes back to the thread it came from: a fiber never migrates.
constexpr std::size_t kCachedStacksPerThread = 128;

struct StackCache {
  std::vector<ctx::stack_context> free;
  ~StackCache() {
    ctx::protected_fixedsize_stack allocator(Fiber::kStackBytes);
    for (auto& stack : free) allocator.deallocate(stack);
  }
};
thread_local StackCache t_stacks;

class CachedStacks {
 public:
  explicit CachedStacks(ctx::stack_context& given) : given_(&given) {}
  ctx::stack_context allocate() {
    if (!t_stacks.free.empty()) {
      *given_ = t_stacks.free.back();
      t_stacks.free.pop_back();
    } else {
      *given_ = ctx::protected_fixedsize_stack(Fiber::kStackBytes).allocate();
    }
    return *given_;
  }
  void deallocate(ctx::stack_context& stack) noexcept {
    if (t_stacks.free.size() < kCachedStacksPerThread) {
      t_stacks.free.push_back(stack);
      return;
    }
    ctx::protected_fixedsize_stack(Fiber::kStackBytes).deallocate(stack);
  }

 private:
  ctx::stack_context* given_;  // where the fiber learns its stack's bounds
};

}  // namespace

Fiber::Fiber(boost::asio::any_io_executor executor, std::function<void()> body)
    : executor_(std::move(executor)), body_(std::move(body)) {
  self_ = ctx::fiber(std::allocator_arg, CachedStacks{stack_}, [this](ctx::fiber&& caller) {
    switch_finished(nullptr, &loop_stack_bottom_, &loop_stack_bytes_);
    caller_ = std::move(caller);
    try {
      body_();
    } catch (...) {
      std::terminate();  // as on a thread: the body catches what it can answer
    }
    body_ = nullptr;  // what it captured is released on the fiber's own stack, before the switch
    finished_ = true;
    switch_starts(nullptr, loop_stack_bottom_, loop_stack_bytes_);  // this stack is left for good
    return std::move(caller_);
  });
}

void Fiber::start(boost::asio::any_io_executor executor, std::function<void()> body) {
  TENDER_ASSERT(t_current == nullptr, "fiber_started_from_event_loop", "fiber.cpp");
  auto* fiber = new Fiber(std::move(executor), std::move(body));
  g_alive.fetch_add(1, std::memory_order_relaxed);
  fiber->resume_now();
}

Fiber* Fiber::current() noexcept { return t_current; }

std::size_t Fiber::alive() noexcept { return g_alive.load(std::memory_order_relaxed); }

void Fiber::suspend() {
  TENDER_ASSERT(t_current == this, "fiber_suspends_itself", "fiber.cpp");
  switch_starts(&fake_stack_, loop_stack_bottom_, loop_stack_bytes_);
  caller_ = std::move(caller_).resume();
  switch_finished(fake_stack_, &loop_stack_bottom_, &loop_stack_bytes_);
  TENDER_ASSERT(t_current == this, "fiber_resumed_on_its_thread", "fiber.cpp");
}

void Fiber::wake() {
  boost::asio::post(executor_, [this] { resume_now(); });
}

void Fiber::resume_now() {
  TENDER_ASSERT(t_current == nullptr, "fiber_resumed_from_event_loop", "fiber.cpp");
  t_current = this;
  void* loop_fake_stack = nullptr;
  // The stack grows down from stack_.sp; its lowest address is sp - size.
  switch_starts(&loop_fake_stack, static_cast<const char*>(stack_.sp) - stack_.size, stack_.size);
  self_ = std::move(self_).resume();
  switch_finished(loop_fake_stack, nullptr, nullptr);
  t_current = nullptr;
  if (finished_) {
    delete this;
    g_alive.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace tender::util
