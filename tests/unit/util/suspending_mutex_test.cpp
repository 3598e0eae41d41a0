// util/suspending_mutex.*: two fibers of one thread contend for the lock while its holder waits
// (suspended) for something else: the thread is not blocked, the holder finishes, the lock passes.
#include "util/suspending_mutex.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "fiber_loop.hpp"
#include "util/fiber.hpp"
#include "util/wakeup.hpp"

namespace tender::util {
namespace {

namespace asio = boost::asio;

TEST(SuspendingMutex, AFiberWaitingForTheLockDoesNotBlockItsThread) {
  asio::io_context loop;
  SuspendingMutex mutex;
  Wakeup commit;  // what the holder waits for while holding the lock
  std::vector<std::string> order;
  std::thread committer;
  asio::post(loop, [&] {
    Fiber::start(loop.get_executor(), [&] {
      std::lock_guard held(mutex);
      order.push_back("first holds");
      commit.wait();
      order.push_back("first releases");
    });
    Fiber::start(loop.get_executor(), [&] {
      order.push_back("second asks");
      std::lock_guard held(mutex);
      order.push_back("second holds");
    });
    // Both fibers are suspended now; the loop's thread is free to run this:
    committer = std::thread([&] { commit.signal(); });
  });
  run_until_fibers_end(loop);
  committer.join();
  EXPECT_EQ(order, (std::vector<std::string>{"first holds", "second asks", "first releases", "second holds"}));
  EXPECT_EQ(Fiber::alive(), 0u);
}

TEST(SuspendingMutex, ThreadsExcludeEachOther) {
  SuspendingMutex mutex;
  long counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        std::lock_guard held(mutex);
        ++counter;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, 40000);
  EXPECT_TRUE(mutex.try_lock());
  EXPECT_FALSE(mutex.try_lock());
  mutex.unlock();
}

}  // namespace
}  // namespace tender::util
