#include "json/reader.hpp"

#include <gtest/gtest.h>

namespace tender::json {
namespace {

std::optional<std::int64_t> read_integer(const char* body, const IntRule& rule, FieldErrors& errors) {
  auto value = parse_body(body);
  EXPECT_TRUE(value && value->is_object());
  ObjectReader reader(&value->get_object(), "", errors);
  return reader.integer("amount", rule);
}

TEST(JsonReader, IntegralDoublesReadAsIntegers) {
  FieldErrors errors;
  EXPECT_EQ(read_integer(R"({"amount": 100.0})", {}, errors), 100);
  EXPECT_EQ(read_integer(R"({"amount": -2e3})", {}, errors), -2000);
  EXPECT_TRUE(errors.empty());
}

// Found by fuzz/json_reader.cpp: a double beyond int64's range was converted before its range was
// checked, which is undefined behaviour (UBSan: "1e+300 is outside the range of representable values").
TEST(JsonReader, HugeDoublesAreRefusedWithoutConversion) {
  for (const char* body : {R"({"amount": 1e300})", R"({"amount": -1e300})", R"({"amount": 9.3e18})",
                           R"({"amount": 9000000000000001.0})"}) {
    FieldErrors errors;
    EXPECT_EQ(read_integer(body, {}, errors), std::nullopt) << body;
    ASSERT_EQ(errors.list().size(), 1u) << body;
    EXPECT_EQ(errors.list()[0].path, "amount");
    EXPECT_EQ(errors.list()[0].code, ErrorCode::invalid_type);
  }
}

TEST(JsonReader, FractionsAreNotIntegers) {
  FieldErrors errors;
  EXPECT_EQ(read_integer(R"({"amount": 10.5})", {}, errors), std::nullopt);
  EXPECT_TRUE(errors.has("amount"));
}

}  // namespace
}  // namespace tender::json
