#include "metrics/label_set.hpp"

#include <gtest/gtest.h>

namespace tender::metrics {
namespace {

TEST(MetricsLabelSet, RendersPairsInOrderWithEscapedValues) {
  LabelSet labels({"route", "method"});
  const std::string_view values[] = {R"(/a"b\c)", "GET"};
  EXPECT_EQ(labels.render(values), R"(route="/a\"b\\c",method="GET")");
  EXPECT_EQ(LabelSet().render({}), "");
}

TEST(MetricsLabelSet, RefusesBadNamesRepeatsTheBucketLabelAndTooMany) {
  EXPECT_THROW(LabelSet({"bad-name"}), std::invalid_argument);
  EXPECT_THROW(LabelSet({"a", "a"}), std::invalid_argument);
  EXPECT_THROW(LabelSet({"le"}), std::invalid_argument);
  EXPECT_THROW(LabelSet({"a", "b", "c", "d", "e", "f", "g", "h", "i"}), std::invalid_argument);
  LabelSet two({"a", "b"});
  const std::string_view one[] = {"x"};
  EXPECT_THROW(two.render(one), std::invalid_argument);
}

TEST(MetricsLabelSet, LongValuesAreCutAtACharacterBoundary) {
  std::string value(LabelSet::kMaxValueBytes - 1, 'a');
  value += "é";  // two bytes straddling the limit: cut before it, not inside it
  value += "tail";
  const auto bounded = LabelSet::bounded(value);
  EXPECT_EQ(bounded, std::string(LabelSet::kMaxValueBytes - 1, 'a'));
  EXPECT_EQ(LabelSet::bounded("short"), "short");
}

}  // namespace
}  // namespace tender::metrics
