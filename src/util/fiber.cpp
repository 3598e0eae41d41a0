#include "util/fiber.hpp"

#include <boost/asio/post.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <utility>
#include <vector>

#include "util/invariant.hpp"

namespace tender::util {

namespace ctx = boost::context;

namespace {

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
  ctx::stack_context allocate() {
    if (!t_stacks.free.empty()) {
      ctx::stack_context stack = t_stacks.free.back();
      t_stacks.free.pop_back();
      return stack;
    }
    return ctx::protected_fixedsize_stack(Fiber::kStackBytes).allocate();
  }
  void deallocate(ctx::stack_context& stack) noexcept {
    if (t_stacks.free.size() < kCachedStacksPerThread) {
      t_stacks.free.push_back(stack);
      return;
    }
    ctx::protected_fixedsize_stack(Fiber::kStackBytes).deallocate(stack);
  }
};

}  // namespace

Fiber::Fiber(boost::asio::any_io_executor executor, std::function<void()> body)
    : executor_(std::move(executor)), body_(std::move(body)) {
  self_ = ctx::fiber(std::allocator_arg, CachedStacks{}, [this](ctx::fiber&& caller) {
    caller_ = std::move(caller);
    try {
      body_();
    } catch (...) {
      std::terminate();  // as on a thread: the body catches what it can answer
    }
    body_ = nullptr;  // what it captured is released on the fiber's own stack, before the switch
    finished_ = true;
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
  caller_ = std::move(caller_).resume();
  TENDER_ASSERT(t_current == this, "fiber_resumed_on_its_thread", "fiber.cpp");
}

void Fiber::wake() {
  boost::asio::post(executor_, [this] { resume_now(); });
}

void Fiber::resume_now() {
  TENDER_ASSERT(t_current == nullptr, "fiber_resumed_from_event_loop", "fiber.cpp");
  t_current = this;
  self_ = std::move(self_).resume();
  t_current = nullptr;
  if (finished_) {
    delete this;
    g_alive.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace tender::util
