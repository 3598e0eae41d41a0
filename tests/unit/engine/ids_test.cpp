#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/ids.hpp"

namespace tender::engine {
namespace {

TEST(EngineIds, RandomIdsAreCanonicalUuids) {
  const auto id = new_id();
  EXPECT_TRUE(is_uuid(id)) << id;
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(new_id(), id);
  EXPECT_FALSE(is_uuid("not-a-uuid"));
  EXPECT_FALSE(is_uuid("6F9619FF-8B86-D011-B42D-00C04FC964FF")) << "upper case is not canonical";
}

TEST(EngineIds, TimeOrderedIdsAreVersion7AndSortInTheOrderMade) {
  std::vector<std::string> ids;
  for (int i = 0; i < 10'000; ++i) ids.push_back(new_time_ordered_id());  // many in one millisecond
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(is_uuid(ids[i])) << ids[i];
    ASSERT_EQ(ids[i][14], '7') << ids[i];
    ASSERT_TRUE(ids[i][19] == '8' || ids[i][19] == '9' || ids[i][19] == 'a' || ids[i][19] == 'b') << ids[i];
    if (i > 0) ASSERT_LT(ids[i - 1], ids[i]) << i;
  }
}

TEST(EngineIds, TimeOrderedIdsFromManyThreadsAreUnique) {
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& m : made)
    threads.emplace_back([&m] {
      for (int i = 0; i < 5'000; ++i) m.push_back(new_time_ordered_id());
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& m : made) all.insert(m.begin(), m.end());
  EXPECT_EQ(all.size(), 20'000u);
}

}  // namespace
}  // namespace tender::engine
