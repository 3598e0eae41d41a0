// util/fiber.*, util/wakeup.*: fibers on one event loop suspend where a thread would block, and
// are resumed on that loop's thread by a signal from anywhere or by a timeout.
#include "util/fiber.hpp"
#include "util/wakeup.hpp"
#include "fiber_loop.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <optional>
#include <chrono>
#include <thread>
#include <vector>

namespace tender::util {
namespace {

namespace asio = boost::asio;


TEST(Fiber, RunsAtOnceAndIsGoneWhenItReturns) {
  asio::io_context loop;
  bool ran = false;
  boost::asio::post(loop, [&] {
    Fiber::start(loop.get_executor(), [&] {
      EXPECT_NE(Fiber::current(), nullptr);
      ran = true;
    });
    EXPECT_TRUE(ran) << "a fiber that never waits finishes inside start()";
    EXPECT_EQ(Fiber::current(), nullptr);
  });
  run_until_fibers_end(loop);
  EXPECT_TRUE(ran);
  EXPECT_EQ(Fiber::alive(), 0u);
}

TEST(Fiber, WaitingSuspendsAndTheLoopRunsOtherWorkMeanwhile) {
  asio::io_context loop;
  std::vector<int> order;
  Wakeup wakeup;
  std::thread::id loop_thread;
  std::thread signaller;
  asio::post(loop, [&] {
    loop_thread = std::this_thread::get_id();
    Fiber::start(loop.get_executor(), [&] {
      order.push_back(1);
      wakeup.wait();
      order.push_back(3);
      EXPECT_EQ(std::this_thread::get_id(), loop_thread);
    });
    EXPECT_EQ(Fiber::alive(), 1u) << "suspended, not finished";
    asio::post(loop, [&] {
      order.push_back(2);  // runs while the fiber is suspended
      signaller = std::thread([&] { wakeup.signal(); });
    });
  });
  run_until_fibers_end(loop);  // returns once the fiber's resumption ran and nothing else is queued
  signaller.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(Fiber::alive(), 0u);
}

TEST(Fiber, ASignalBeforeTheWaitIsNotLost) {
  asio::io_context loop;
  Wakeup wakeup;
  wakeup.signal();
  bool done = false;
  asio::post(loop, [&] {
    Fiber::start(loop.get_executor(), [&] {
      wakeup.wait();
      done = true;
    });
  });
  run_until_fibers_end(loop);
  EXPECT_TRUE(done);
}

TEST(Fiber, WaitForTimesOutOnTheLoopAndALateSignalIsHarmless) {
  asio::io_context loop;
  auto wakeup = std::make_unique<Wakeup>();
  std::optional<bool> answered;
  asio::post(loop, [&] {
    Fiber::start(loop.get_executor(), [&] { answered = wakeup->wait_for(std::chrono::milliseconds(20)); });
  });
  run_until_fibers_end(loop);
  ASSERT_TRUE(answered.has_value());
  EXPECT_FALSE(*answered) << "no signal within 20 ms";
  wakeup->signal();  // after the waiter gave up: sets the flag, wakes no one
  wakeup.reset();
  EXPECT_EQ(Fiber::alive(), 0u);
}

TEST(Fiber, WaitForReturnsTrueWhenSignalledInTime) {
  asio::io_context loop;
  Wakeup wakeup;
  std::optional<bool> answered;
  std::thread signaller;
  asio::post(loop, [&] {
    Fiber::start(loop.get_executor(), [&] { answered = wakeup.wait_for(std::chrono::seconds(30)); });
    signaller = std::thread([&] { wakeup.signal(); });
  });
  const auto started = std::chrono::steady_clock::now();
  run_until_fibers_end(loop);  // the cancelled timer's handler runs too, and finds no waiter
  signaller.join();
  ASSERT_TRUE(answered.has_value());
  EXPECT_TRUE(*answered);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10)) << "did not wait for the timeout";
}

TEST(Wakeup, OnAPlainThreadItBlocks) {
  Wakeup wakeup;
  std::thread signaller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    wakeup.signal();
  });
  wakeup.wait();
  signaller.join();
  Wakeup never;
  EXPECT_FALSE(never.wait_for(std::chrono::milliseconds(5)));
}

TEST(Fiber, ManyFibersOnOneThreadEachWaitForTheirOwnSignal) {
  asio::io_context loop;
  constexpr int kFibers = 200;
  std::vector<std::unique_ptr<Wakeup>> wakeups;
  for (int i = 0; i < kFibers; ++i) wakeups.push_back(std::make_unique<Wakeup>());
  int finished = 0;
  std::thread signaller;
  asio::post(loop, [&] {
    for (int i = 0; i < kFibers; ++i) {
      Fiber::start(loop.get_executor(), [&, i] {
        wakeups[i]->wait();
        ++finished;
      });
    }
    EXPECT_EQ(Fiber::alive(), static_cast<std::size_t>(kFibers));
    signaller = std::thread([&] {
      for (int i = kFibers - 1; i >= 0; --i) wakeups[i]->signal();  // in the reverse order
    });
  });
  run_until_fibers_end(loop);
  signaller.join();
  EXPECT_EQ(finished, kFibers);
  EXPECT_EQ(Fiber::alive(), 0u);
}

}  // namespace
}  // namespace tender::util
