// The registry: families by name, the text format of all of them, refreshers.
#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tender::metrics {
namespace {

TEST(MetricsRegistry, RendersEveryFamilySortedByName) {
  Registry r;
  r.counter("tender_b_total", "B things.").inc(3);
  r.gauge("tender_a", "An \"a\"\nwith two lines \\ and a backslash.").set(1.5);
  r.histogram("tender_c_seconds", "C.", Buckets({1})).observe(2);
  EXPECT_EQ(r.render(),
            "# HELP tender_a An \"a\"\\nwith two lines \\\\ and a backslash.\n"
            "# TYPE tender_a gauge\n"
            "tender_a 1.5\n"
            "# HELP tender_b_total B things.\n"
            "# TYPE tender_b_total counter\n"
            "tender_b_total 3\n"
            "# HELP tender_c_seconds C.\n"
            "# TYPE tender_c_seconds histogram\n"
            "tender_c_seconds_bucket{le=\"1\"} 0\n"
            "tender_c_seconds_bucket{le=\"+Inf\"} 1\n"
            "tender_c_seconds_sum 2\n"
            "tender_c_seconds_count 1\n");
}

TEST(MetricsRegistry, RegisteringANameAgainReturnsTheSameFamily) {
  Registry r;
  auto& a = r.counters("tender_x_total", "X.", {"k"});
  auto& b = r.counters("tender_x_total", "X.", {"k"});
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(&r.histogram("tender_h", "H.", Buckets({1, 2})), &r.histogram("tender_h", "H.", Buckets({1, 2})));
}

TEST(MetricsRegistry, ConflictingRegistrationsAreRefused) {
  Registry r;
  r.counters("tender_x_total", "X.", {"k"});
  EXPECT_THROW(r.gauges("tender_x_total", "X.", {"k"}), std::invalid_argument);     // another type
  EXPECT_THROW(r.counters("tender_x_total", "X.", {"other"}), std::invalid_argument);  // other labels
  r.histogram("tender_h", "H.", Buckets({1}));
  EXPECT_THROW(r.histogram("tender_h", "H.", Buckets({2})), std::invalid_argument);  // other buckets
}

TEST(MetricsRegistry, NamesMustBeValidAndPrefixed) {
  Registry r;
  EXPECT_THROW(r.counter("requests_total", "No prefix."), std::invalid_argument);
  EXPECT_THROW(r.counter("tender_bad-name", "Dash."), std::invalid_argument);
  EXPECT_THROW(r.counters("tender_ok_total", "Bad label.", {"a b"}), std::invalid_argument);
}

TEST(MetricsRegistry, RefreshersRunBeforeEachRenderAndAFailingOneIsSkipped) {
  Registry r;
  auto& g = r.gauge("tender_backlog", "Backlog.");
  int calls = 0;
  r.on_scrape([&] { g.set(++calls * 10); });
  r.on_scrape([] { throw std::runtime_error("store down"); });
  EXPECT_NE(r.render().find("tender_backlog 10\n"), std::string::npos);
  EXPECT_NE(r.render().find("tender_backlog 20\n"), std::string::npos);
}

TEST(MetricsRegistry, DiscardIsOneSharedRegistry) {
  EXPECT_EQ(&Registry::discard(), &Registry::discard());
  Registry::discard().counter("tender_discarded_total", "Never rendered by a server.").inc();
}

}  // namespace
}  // namespace tender::metrics
