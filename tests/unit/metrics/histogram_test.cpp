// Fixed buckets: inclusive upper bounds, cumulative rendering, sum and count, bounds checked.
#include "metrics/histogram.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

namespace tender::metrics {
namespace {

TEST(MetricsHistogram, ObservationsLandInTheFirstBucketAtOrAboveThem) {
  Histogram h(Buckets({1, 2, 5}));
  for (double v : {0.5, 1.0, 1.5, 2.0, 4.0, 5.0, 7.0, -3.0}) h.observe(v);
  const auto s = h.snapshot();
  // le=1: 0.5, 1, -3 | le=2: +1.5, 2 | le=5: +4, 5 | +Inf: +7
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{3, 5, 7, 8}));
  EXPECT_EQ(s.count, 8u);
  EXPECT_DOUBLE_EQ(s.sum, 0.5 + 1 + 1.5 + 2 + 4 + 5 + 7 - 3);
}

TEST(MetricsHistogram, NaNIsIgnoredAndInfinityGoesToTheLastBucket) {
  Histogram h(Buckets({1}));
  h.observe(std::nan(""));
  h.observe(std::numeric_limits<double>::infinity());
  const auto s = h.snapshot();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(s.count, 1u);
}

TEST(MetricsHistogram, RendersCumulativeBucketsThenSumAndCount) {
  Histogram h(Buckets({0.005, 0.5, 1}));
  h.observe(0.001);
  h.observe(0.3);
  h.observe(0.3);
  h.observe(3);
  std::string out;
  h.render(out, "tender_t_seconds", R"(route="/x")");
  EXPECT_EQ(out,
            "tender_t_seconds_bucket{route=\"/x\",le=\"0.005\"} 1\n"
            "tender_t_seconds_bucket{route=\"/x\",le=\"0.5\"} 3\n"
            "tender_t_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
            "tender_t_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
            "tender_t_seconds_sum{route=\"/x\"} 3.601\n"
            "tender_t_seconds_count{route=\"/x\"} 4\n");
}

TEST(MetricsHistogram, ConcurrentObservationsAreAllCounted) {
  Histogram h(latency_buckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&h, t] {
      for (int i = 0; i < 10'000; ++i) h.observe(0.001 * ((i + t) % 50));
    });
  for (auto& t : threads) t.join();
  const auto s = h.snapshot();
  EXPECT_EQ(s.count, 80'000u);
  EXPECT_EQ(s.cumulative.back(), s.count);
  for (std::size_t i = 1; i < s.cumulative.size(); ++i) EXPECT_LE(s.cumulative[i - 1], s.cumulative[i]);
}

TEST(MetricsHistogram, BoundsMustBeFiniteIncreasingAndFew) {
  EXPECT_THROW(Buckets({}), std::invalid_argument);
  EXPECT_THROW(Buckets({1, 1}), std::invalid_argument);
  EXPECT_THROW(Buckets({2, 1}), std::invalid_argument);
  EXPECT_THROW(Buckets({1, std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_THROW(Buckets({std::nan("")}), std::invalid_argument);
  EXPECT_THROW(Buckets::exponential(1, 2, Buckets::kMaxBuckets + 1), std::invalid_argument);
  EXPECT_EQ(Buckets::exponential(1, 2, 4).upper_bounds(), (std::vector<double>{1, 2, 4, 8}));
}

}  // namespace
}  // namespace tender::metrics
