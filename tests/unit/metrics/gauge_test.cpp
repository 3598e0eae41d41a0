#include "metrics/gauge.hpp"

#include <gtest/gtest.h>

namespace tender::metrics {
namespace {

TEST(MetricsGauge, SetAddAndRender) {
  Gauge g;
  g.set(3.5);
  g.inc();
  g.dec();
  g.dec();
  g.add(0.25);
  EXPECT_DOUBLE_EQ(g.value(), 2.75);
  std::string out;
  g.render(out, "tender_g", "");
  EXPECT_EQ(out, "tender_g 2.75\n");
}

}  // namespace
}  // namespace tender::metrics
