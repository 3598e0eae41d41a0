// Per-company admission to the acquirer pool: one company's blocked calls hold at most half of
// the pool, another company's call runs meanwhile, and the queued calls run in order once the
// first ones finish.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <future>
#include <mutex>
#include <vector>

#include "engine/tenant_slots.hpp"

namespace tender::engine {
namespace {

using namespace std::chrono_literals;

TEST(TenantSlots, LimitIsHalfThePoolAndAtLeastOne) {
  EXPECT_EQ(per_tenant_limit(24), 12u);
  EXPECT_EQ(per_tenant_limit(4), 2u);
  EXPECT_EQ(per_tenant_limit(1), 1u);
}

TEST(TenantSlots, OneCompanysBlockedCallsLeaveRoomForAnother) {
  boost::asio::thread_pool pool(4);
  TenantSlots slots(pool, per_tenant_limit(4), 100);
  std::promise<void> release_promise;
  std::shared_future<void> release = release_promise.get_future().share();
  std::mutex order_mutex;
  std::vector<int> order;
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(slots.post("slow-company", [&, i] {
      release.wait();  // an acquirer that does not answer
      std::lock_guard lock(order_mutex);
      order.push_back(i);
    }));
  }
  EXPECT_EQ(slots.waiting("slow-company"), 4u);  // two run, four wait in the company's own queue

  std::promise<void> other_done;
  auto other = other_done.get_future();
  ASSERT_TRUE(slots.post("other-company", [&] { other_done.set_value(); }));
  EXPECT_EQ(other.wait_for(10s), std::future_status::ready) << "another company's call waited for the slow ones";
  EXPECT_EQ(slots.waiting("other-company"), 0u);

  release_promise.set_value();
  pool.join();
  ASSERT_EQ(order.size(), 6u);
  // Every call ran once; a queued call started only after one of the first two finished.
  EXPECT_TRUE(order[0] == 0 || order[0] == 1) << order[0];
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(slots.waiting("slow-company"), 0u);
}

TEST(TenantSlots, AThrowingTaskGivesItsSlotBack) {
  boost::asio::thread_pool pool(2);
  TenantSlots slots(pool, 1, 100);
  ASSERT_TRUE(slots.post("c", [] { throw std::runtime_error("connector bug"); }));
  std::promise<void> ran;
  auto f = ran.get_future();
  ASSERT_TRUE(slots.post("c", [&] { ran.set_value(); }));
  EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
  pool.join();
}

// The queue is bounded per company: a call beyond it is refused (not run, not queued) instead
// of growing the queue without end or aborting the process; another company still gets in.
TEST(TenantSlots, AFullQueueRefusesTheCallAndLeavesOtherCompaniesAlone) {
  boost::asio::thread_pool pool(2);
  TenantSlots slots(pool, 1, 2);
  std::promise<void> release_promise;
  std::shared_future<void> release = release_promise.get_future().share();
  std::atomic<int> ran{0};
  auto blocked = [&] {
    release.wait();
    ++ran;
  };
  ASSERT_TRUE(slots.post("slow-company", blocked));  // runs
  ASSERT_TRUE(slots.post("slow-company", blocked));  // waits
  ASSERT_TRUE(slots.post("slow-company", blocked));  // waits
  bool refused_ran = false;
  EXPECT_FALSE(slots.post("slow-company", [&] { refused_ran = true; }));
  EXPECT_EQ(slots.waiting("slow-company"), 2u);

  std::promise<void> other_done;
  auto other = other_done.get_future();
  EXPECT_TRUE(slots.post("other-company", [&] { other_done.set_value(); }));
  EXPECT_EQ(other.wait_for(10s), std::future_status::ready);

  release_promise.set_value();
  pool.join();
  EXPECT_EQ(ran.load(), 3);
  EXPECT_FALSE(refused_ran);
}

}  // namespace
}  // namespace tender::engine
