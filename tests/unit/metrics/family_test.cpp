// Series by label values, and the hard cap on how many one family may hold.
#include "metrics/family.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "metrics/counter.hpp"
#include "metrics/histogram.hpp"

namespace tender::metrics {
namespace {

Family<Counter> counters(std::vector<std::string> labels) {
  return Family<Counter>("tender_test_total", "Help.", LabelSet(std::move(labels)),
                         [] { return std::make_unique<Counter>(); });
}

TEST(MetricsFamily, SameValuesSameSeries) {
  auto family = counters({"route", "status"});
  Counter& a = family.with({"/p/{id}/", "200"});
  Counter& b = family.with({"/p/{id}/", "200"});
  Counter& c = family.with({"/p/{id}/", "404"});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  EXPECT_EQ(family.series_count(), 2u);
  // Length-prefixed keys: shifting text between values makes another series.
  EXPECT_NE(&family.with({"ab", "c"}), &family.with({"a", "bc"}));
}

TEST(MetricsFamily, RendersHelpTypeAndSeriesInCreationOrder) {
  auto family = counters({"route"});
  family.with({"/b"}).inc(2);
  family.with({"/a"}).inc();
  std::string out;
  family.render(out);
  EXPECT_EQ(out,
            "# HELP tender_test_total Help.\n"
            "# TYPE tender_test_total counter\n"
            "tender_test_total{route=\"/b\"} 2\n"
            "tender_test_total{route=\"/a\"} 1\n");
}

TEST(MetricsFamily, CombinationsPastTheCapGoToOneOverflowSeries) {
  auto family = counters({"route", "status"});
  for (std::size_t i = 0; i < kMaxSeriesPerFamily + 50; ++i) family.with({"/r" + std::to_string(i), "200"}).inc();
  // The cap, plus the one overflow series.
  EXPECT_EQ(family.series_count(), kMaxSeriesPerFamily + 1);
  // Existing series still count as themselves; new ones share the overflow series.
  family.with({"/r0", "200"}).inc();
  Counter& overflow = family.with({"/new", "500"});
  EXPECT_EQ(&overflow, &family.with({"/other", "201"}));
  EXPECT_EQ(overflow.value(), 50u);
  std::string out;
  family.render(out);
  EXPECT_NE(out.find("tender_test_total{route=\"overflow\",status=\"overflow\"} 50\n"), std::string::npos);
  EXPECT_NE(out.find("tender_test_total{route=\"/r0\",status=\"200\"} 2\n"), std::string::npos);
  EXPECT_EQ(family.series_count(), kMaxSeriesPerFamily + 1);
}

TEST(MetricsFamily, ValuesCutToTheSameBoundAreOneSeries) {
  auto family = counters({"v"});
  const std::string base(LabelSet::kMaxValueBytes, 'x');
  // Two values that render alike must not make two series with identical labels.
  EXPECT_EQ(&family.with({base + "1"}), &family.with({base + "2"}));
}

TEST(MetricsFamily, ConcurrentFirstUseMakesOneSeriesPerCombination) {
  auto family = counters({"k"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&family] {
      for (int i = 0; i < 2000; ++i) family.with({std::to_string(i % 100)}).inc();
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(family.series_count(), 100u);
  EXPECT_EQ(family.with({"7"}).value(), 8u * 20u);
}

TEST(MetricsFamily, HistogramFamilyRendersEachSeriesBuckets) {
  Family<Histogram> family("tender_h_seconds", "Latency.", LabelSet({"op"}),
                           [] { return std::make_unique<Histogram>(Buckets({1})); });
  family.with({"a"}).observe(0.5);
  std::string out;
  family.render(out);
  EXPECT_EQ(out,
            "# HELP tender_h_seconds Latency.\n"
            "# TYPE tender_h_seconds histogram\n"
            "tender_h_seconds_bucket{op=\"a\",le=\"1\"} 1\n"
            "tender_h_seconds_bucket{op=\"a\",le=\"+Inf\"} 1\n"
            "tender_h_seconds_sum{op=\"a\"} 0.5\n"
            "tender_h_seconds_count{op=\"a\"} 1\n");
}

}  // namespace
}  // namespace tender::metrics
