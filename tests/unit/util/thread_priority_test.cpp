#include "util/thread_priority.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <thread>

namespace tender::util {
namespace {

int this_thread_nice() { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); }

TEST(ThreadPriority, LowersTheCallingThreadAlone) {
  const int before = this_thread_nice();
  int inside = -100;
  std::thread background([&] {
    ASSERT_TRUE(lower_this_thread_priority(before + 4 > 19 ? 19 : before + 4));
    inside = this_thread_nice();
  });
  background.join();
  EXPECT_EQ(inside, before + 4 > 19 ? 19 : before + 4);
  EXPECT_EQ(this_thread_nice(), before) << "the other threads keep their priority";
}

}  // namespace
}  // namespace tender::util
