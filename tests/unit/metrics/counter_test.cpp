#include "metrics/counter.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace tender::metrics {
namespace {

TEST(MetricsCounter, CountsFromManyThreadsWithoutLosingAny) {
  Counter c;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&c] {
      for (int i = 0; i < 10'000; ++i) c.inc();
    });
  for (auto& t : threads) t.join();
  c.inc(5);
  EXPECT_EQ(c.value(), 80'005u);
  std::string out;
  c.render(out, "tender_c_total", R"(a="b")");
  EXPECT_EQ(out, "tender_c_total{a=\"b\"} 80005\n");
}

}  // namespace
}  // namespace tender::metrics
