// timers.cpp: due timers are found through the index, and with a backlog the longest overdue come
// first, so that a burst of new ones cannot keep old ones waiting.
#include <gtest/gtest.h>

#include <string>

#include "../store_test_support.hpp"
#include "engine/timers.hpp"

namespace tender::engine {
namespace {

using store::test_support::TempSqliteStore;

TEST(EngineTimers, WithABacklogTheLongestOverdueFireFirst) {
  TempSqliteStore store("tender_timers");
  store->write([](store::WriteTxn& tx) {
    for (int i = 0; i < 30; ++i) arm_timer(tx, "p-" + std::to_string(i), "co1", "due", 1000 + i);
    arm_timer(tx, "future", "co1", "due", 5000);
  });
  auto first = due_timers(*store->read(), 2000, 10);
  ASSERT_EQ(first.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(first[i].object_id, "p-" + std::to_string(i)) << i;
  EXPECT_EQ(due_timers(*store->read(), 2000, 100).size(), 30u) << "the future one is not due";
  EXPECT_EQ(due_timers(*store->read(), 999, 100).size(), 0u);
}

}  // namespace
}  // namespace tender::engine
