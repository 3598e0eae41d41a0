#include "http/form.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace tender::http {
namespace {

TEST(Form, DecodesFieldsInOrder) {
  auto fields = parse_form("cardholder_name=J+Doe&card_number=4444%203333&remember_card");
  ASSERT_TRUE(fields);
  EXPECT_EQ(*fields, (FormFields{{"cardholder_name", "J Doe"}, {"card_number", "4444 3333"}, {"remember_card", ""}}));
  EXPECT_EQ(form_value(*fields, "card_number"), "4444 3333");
  EXPECT_EQ(form_value(*fields, "cvc"), std::nullopt);
}

TEST(Form, RefusesMalformedBodiesAndTooManyFields) {
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_FALSE(parse_form("a=1&b=2&c=3", 2));
  EXPECT_TRUE(parse_form("a=1&b=2", 2));
}

// Found by fuzz/form.cpp (ASan: heap-buffer-overflow in strlen under parse_query): Boost.URL 1.81
// measures the body again with strlen, reading past the end of a view that is not NUL-terminated.
// The sanitizer build fails this test without the fix.
TEST(Form, ReadsOnlyTheViewItIsGiven) {
  const std::string buffer = "result=approve&amount=100";
  auto fields = parse_form(std::string_view(buffer).substr(0, 14));
  ASSERT_TRUE(fields);
  EXPECT_EQ(*fields, (FormFields{{"result", "approve"}}));

  // A body in a buffer of exactly its size, with no terminating NUL after it.
  const std::string body = "result=approve";
  auto exact = std::make_unique<char[]>(body.size());
  std::copy(body.begin(), body.end(), exact.get());
  auto parsed = parse_form(std::string_view(exact.get(), body.size()));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(form_value(*parsed, "result"), "approve");
}

}  // namespace
}  // namespace tender::http
