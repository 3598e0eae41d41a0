#include "json/top_level_fields.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <stdexcept>
#include <string>

namespace tender::json {
namespace {

TEST(TopLevelFields, KeepsTheNamedStringAndBooleanMembersOfTheRoot) {
  TopLevelFields f{"success_callback", "is_test", "failure_callback"};
  f.parse(R"({"id":"p1","is_test":true,"success_callback":"https://shop.example/cb","failure_callback":false})");
  EXPECT_EQ(f.text("success_callback"), "https://shop.example/cb");
  EXPECT_TRUE(f.flag("is_test"));
  EXPECT_FALSE(f.flag("failure_callback"));
}

TEST(TopLevelFields, SkipsNestedMembersOfTheSameName) {
  // A member of the same name inside a nested object or array is another member: not kept.
  TopLevelFields f{"success_callback", "is_test"};
  f.parse(R"({"client":{"success_callback":"https://evil.example/","is_test":true},)"
          R"("list":[{"success_callback":"x"}],"success_callback":""})");
  EXPECT_EQ(f.text("success_callback"), "");
  EXPECT_FALSE(f.flag("is_test"));
}

TEST(TopLevelFields, ReadsEscapedStringsAsTheirValue) {
  TopLevelFields f{"success_callback"};
  f.parse(R"({"note":"\"success_callback\":\"https://evil.example/\"","success_callback":"https:\/\/a.example\/x?q=\u00e9"})");
  EXPECT_EQ(f.text("success_callback"), "https://a.example/x?q=\xc3\xa9");
}

TEST(TopLevelFields, AMemberOfAnotherTypeReadsAsEmpty) {
  TopLevelFields f{"success_callback", "is_test"};
  f.parse(R"({"success_callback":{"url":"https://a.example/"},"is_test":"true"})");
  EXPECT_EQ(f.text("success_callback"), "");
  EXPECT_FALSE(f.flag("is_test"));
  f.parse(R"({"success_callback":["https://a.example/"],"is_test":1})");
  EXPECT_EQ(f.text("success_callback"), "");
  EXPECT_FALSE(f.flag("is_test"));
}

TEST(TopLevelFields, AgreesWithTheParsedDocumentOnALongDocument) {
  boost::json::object o;
  for (int i = 0; i < 200; ++i) o["field_" + std::to_string(i)] = std::string(100, 'a' + i % 26);
  o["nested"] = boost::json::object{{"is_test", false}, {"deep", boost::json::array{1, 2.5, nullptr, "s"}}};
  o["is_test"] = true;
  o["success_callback"] = std::string(5000, 'u');
  const std::string text = boost::json::serialize(o);
  TopLevelFields f{"success_callback", "is_test"};
  f.parse(text);
  EXPECT_EQ(f.text("success_callback"), std::string(5000, 'u'));
  EXPECT_TRUE(f.flag("is_test"));
}

TEST(TopLevelFields, ParsingAgainForgetsTheEarlierDocument) {
  TopLevelFields f{"success_callback"};
  f.parse(R"({"success_callback":"https://a.example/"})");
  f.parse(R"({"id":"p2"})");
  EXPECT_EQ(f.text("success_callback"), "");
}

TEST(TopLevelFields, RejectsWhatIsNotAJsonObject) {
  TopLevelFields f{"success_callback"};
  EXPECT_THROW(f.parse(R"({"success_callback":"https://a.example/")"), std::invalid_argument);
  EXPECT_THROW(f.parse(R"({"success_callback":"x"} trailing)"), std::invalid_argument);
  EXPECT_THROW(f.parse(R"(["success_callback","x"])"), std::invalid_argument);
  EXPECT_THROW(f.parse(""), std::invalid_argument);
  EXPECT_EQ(f.text("success_callback"), "");
}

}  // namespace
}  // namespace tender::json
