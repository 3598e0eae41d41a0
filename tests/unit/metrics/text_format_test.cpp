// The text exposition format's shared pieces: names, escaping, numbers.
#include "metrics/text_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tender::metrics {
namespace {

std::string label(std::string_view value) {
  std::string out;
  append_label_value(out, value);
  return out;
}

std::string help(std::string_view text) {
  std::string out;
  append_help(out, text);
  return out;
}

std::string number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

TEST(MetricsTextFormat, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(label(R"(a\b)"), R"(a\\b)");
  EXPECT_EQ(label(R"(say "hi")"), R"(say \"hi\")");
  EXPECT_EQ(label("two\nlines"), R"(two\nlines)");
  EXPECT_EQ(label("/api/v1/purchases/{id}/"), "/api/v1/purchases/{id}/");
  EXPECT_EQ(label("ünïcode"), "ünïcode");  // UTF-8 passes through
}

TEST(MetricsTextFormat, HelpEscapesBackslashAndNewlineButNotQuotes) {
  EXPECT_EQ(help(R"(a\b "c")"), R"(a\\b "c")");
  EXPECT_EQ(help("one\ntwo"), R"(one\ntwo)");
}

TEST(MetricsTextFormat, NumbersAsPrometheusReadsThem) {
  EXPECT_EQ(number(0), "0");
  EXPECT_EQ(number(3), "3");
  EXPECT_EQ(number(-2), "-2");
  EXPECT_EQ(number(0.005), "0.005");
  EXPECT_EQ(number(0.0005), "0.0005");
  EXPECT_EQ(number(2.5), "2.5");
  EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(number(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(number(std::nan("")), "NaN");
  EXPECT_EQ(std::stod(number(0.1 + 0.2)), 0.1 + 0.2);  // shortest form that reads back exactly
  std::string big;
  append_number(big, std::uint64_t{18446744073709551615u});
  EXPECT_EQ(big, "18446744073709551615");
}

TEST(MetricsTextFormat, SampleLines) {
  std::string out;
  append_sample(out, "tender_x", "", "", "", std::uint64_t{5});
  append_sample(out, "tender_x", "_bucket", R"(a="1")", R"(le="0.5")", std::uint64_t{2});
  append_sample(out, "tender_x", "_sum", R"(a="1")", "", 1.5);
  append_sample(out, "tender_x", "_bucket", "", R"(le="+Inf")", std::uint64_t{7});
  EXPECT_EQ(out,
            "tender_x 5\n"
            "tender_x_bucket{a=\"1\",le=\"0.5\"} 2\n"
            "tender_x_sum{a=\"1\"} 1.5\n"
            "tender_x_bucket{le=\"+Inf\"} 7\n");
}

TEST(MetricsTextFormat, NameRules) {
  EXPECT_TRUE(is_valid_metric_name("tender_http_requests_total"));
  EXPECT_TRUE(is_valid_metric_name("tender:recorded"));
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("9lives"));
  EXPECT_FALSE(is_valid_metric_name("tender-requests"));
  EXPECT_FALSE(is_valid_metric_name("tender requests"));
  EXPECT_TRUE(is_valid_label_name("route"));
  EXPECT_TRUE(is_valid_label_name("_private"));
  EXPECT_FALSE(is_valid_label_name("__reserved"));
  EXPECT_FALSE(is_valid_label_name("with:colon"));
  EXPECT_FALSE(is_valid_label_name("1st"));
  EXPECT_FALSE(is_valid_label_name(""));
}

}  // namespace
}  // namespace tender::metrics
