#include "api/schema/table_reader.hpp"

#include <gtest/gtest.h>

namespace tender::api::schema {
namespace {

namespace bj = boost::json;
using json::ErrorCode;

bool digits_only(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

constexpr std::string_view kColours[] = {"red", "green"};
constexpr Field kInner[] = {
    {.name = "code", .required = true, .max_length = 4, .pattern = "^[A-Z]+$", .invalid_message = "upper case only"},
};
constexpr Field kTable[] = {
    {.name = "name", .required = true, .max_length = 5, .min_length = 2},
    {.name = "count", .type = Type::integer, .minimum = 1, .maximum = 9},
    {.name = "colour", .nullable = true, .choices = kColours},
    {.name = "pin", .max_length = 6, .check = digits_only, .invalid_message = "digits only"},
    {.name = "flag", .type = Type::boolean},
    {.name = "inner", .type = Type::object, .fields = kInner},
};

struct Read {
  json::FieldErrors errors;
  bj::object values;
};

Read read(std::string_view body) {
  Read out;
  auto object = bj::parse(body).as_object();
  TableReader r(kTable, &object, "", out.errors);
  r.reject_unknown();
  for (const char* name : {"name", "colour", "pin"})
    if (auto v = r.string(name)) out.values[name] = *v;
  if (auto v = r.integer("count")) out.values["count"] = *v;
  if (auto v = r.boolean("flag")) out.values["flag"] = *v;
  auto inner = r.nested("inner");
  if (inner.object()) {
    inner.reject_unknown();
    if (auto v = inner.string("code")) out.values["inner.code"] = *v;
  }
  return out;
}

const json::FieldError* error_at(const Read& r, const std::string& path) {
  for (const auto& e : r.errors.list())
    if (e.path == path) return &e;
  return nullptr;
}

TEST(TableReader, ValidBodyReadsEveryField) {
  auto r = read(R"({"name":"Ada","count":3,"colour":null,"pin":"1234","flag":true,"inner":{"code":"AB"}})");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.values.at("name").as_string(), "Ada");
  EXPECT_EQ(r.values.at("count").as_int64(), 3);
  EXPECT_FALSE(r.values.contains("colour")) << "null is absent for a nullable field";
  EXPECT_EQ(r.values.at("inner.code").as_string(), "AB");
}

TEST(TableReader, LimitsComeFromTheTable) {
  auto r = read(R"({"name":"Adalbert","count":10,"colour":"blue","pin":"12ab","inner":{"code":"ABCDE"}})");
  ASSERT_NE(error_at(r, "name"), nullptr);
  EXPECT_EQ(error_at(r, "name")->code, ErrorCode::max_length);
  EXPECT_EQ(error_at(r, "name")->limit, 5);
  EXPECT_EQ(error_at(r, "count")->code, ErrorCode::max_value);
  EXPECT_EQ(error_at(r, "count")->limit, 9);
  EXPECT_EQ(error_at(r, "colour")->code, ErrorCode::invalid_choice);
  EXPECT_EQ(error_at(r, "colour")->detail, "red, green");
  EXPECT_EQ(error_at(r, "pin")->code, ErrorCode::invalid);
  EXPECT_EQ(error_at(r, "pin")->detail, "digits only");
  EXPECT_EQ(error_at(r, "inner.code")->code, ErrorCode::max_length) << "length is checked before the pattern";
}

TEST(TableReader, PatternRequiredMinLengthUnknownAndTypes) {
  auto r = read(R"({"name":"A","count":"3","flag":"yes","extra":1,"inner":{"code":"ab","more":2}})");
  EXPECT_EQ(error_at(r, "name")->code, ErrorCode::min_length);
  EXPECT_EQ(error_at(r, "count")->code, ErrorCode::invalid_type);
  EXPECT_EQ(error_at(r, "flag")->code, ErrorCode::invalid_type);
  EXPECT_EQ(error_at(r, "extra")->code, ErrorCode::unknown_field);
  EXPECT_EQ(error_at(r, "inner.more")->code, ErrorCode::unknown_field);
  EXPECT_EQ(error_at(r, "inner.code")->code, ErrorCode::invalid);
  EXPECT_EQ(error_at(r, "inner.code")->detail, "upper case only");

  auto missing = read(R"({"inner":{}})");
  EXPECT_EQ(error_at(missing, "name")->code, ErrorCode::required);
  EXPECT_EQ(error_at(missing, "inner.code")->code, ErrorCode::required);
}

TEST(TableReader, ErrorsComeInTheOrderOfTheReads) {
  auto r = read(R"({"pin":"x","name":"Adalbert"})");
  ASSERT_EQ(r.errors.list().size(), 2u);
  EXPECT_EQ(r.errors.list()[0].path, "name") << "the decoder's order, not the body's";
  EXPECT_EQ(r.errors.list()[1].path, "pin");
}

TEST(TableReader, ReadAllReadsAFlatTable) {
  constexpr Field kFlat[] = {{.name = "a", .max_length = 3}, {.name = "b", .type = Type::integer, .maximum = 5},
                             {.name = "c", .type = Type::boolean}};
  auto object = bj::parse(R"({"a":"xy","b":7,"c":false})").as_object();
  json::FieldErrors errors;
  auto values = TableReader(kFlat, &object, "top", errors).read_all();
  EXPECT_EQ(values, (bj::object{{"a", "xy"}, {"c", false}}));
  ASSERT_EQ(errors.list().size(), 1u);
  EXPECT_EQ(errors.list()[0].path, "top.b");
}

TEST(TableReader, FlatObjectRefusesUnknownMembersThenReadsAll) {
  auto object = bj::parse(R"({"inner":{"more":1,"code":"ab"},"count":2})").as_object();
  json::FieldErrors errors;
  TableReader r(kTable, &object, "", errors);
  EXPECT_EQ(r.flat_object("inner"), bj::object{}) << "values that fail are left out";
  ASSERT_EQ(errors.list().size(), 2u);
  EXPECT_EQ(errors.list()[0].path, "inner.more");
  EXPECT_EQ(errors.list()[0].code, ErrorCode::unknown_field);
  EXPECT_EQ(errors.list()[1].path, "inner.code");
  bj::object without;
  EXPECT_EQ(TableReader(kTable, &without, "", errors).flat_object("inner"), std::nullopt) << "absent";
  EXPECT_EQ(errors.list().size(), 2u);
}

TEST(TableReader, AHugeValueIsRefusedWithoutRunningThePattern) {
  constexpr Field kUnbounded[] = {{.name = "n", .pattern = "^[0-9]+$", .invalid_message = "digits"}};
  bj::object object{{"n", std::string(1 << 20, '1')}};
  json::FieldErrors errors;
  EXPECT_FALSE(TableReader(kUnbounded, &object, "", errors).string("n"));
  ASSERT_EQ(errors.list().size(), 1u);
  EXPECT_EQ(errors.list()[0].detail, "digits");
}

}  // namespace
}  // namespace tender::api::schema
