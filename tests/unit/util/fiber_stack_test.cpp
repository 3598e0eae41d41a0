// The deepest recursion a handler run as a fiber reaches is std::regex's (it recurses per character
// matched): the longest input any route matches with a repeating pattern (an email of 254
// characters, Collect's limit) must fit in Fiber::kStackBytes with room to spare. A fiber that
// overflowed would hit its guard page and bring the server down, so this is a limit, not a detail.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <regex>
#include <string>

#include "api/collect/client_details.hpp"
#include "fiber_loop.hpp"
#include "util/fiber.hpp"

namespace tender::util {
namespace {

TEST(FiberStack, TheLongestEmailIsCheckedWithinAFibersStack) {
  boost::asio::io_context loop;
  // 254 characters: local part, '@', a long domain, ".com".
  const std::string email = std::string(64, 'a') + "@" + std::string(254 - 64 - 1 - 4, 'b') + ".com";
  ASSERT_EQ(email.size(), 254u);
  std::optional<bool> valid;
  boost::asio::post(loop, [&] { Fiber::start(loop.get_executor(), [&] { valid = api::collect::valid_email(email); }); });
  run_until_fibers_end(loop);
  ASSERT_TRUE(valid.has_value());
  EXPECT_TRUE(*valid);
}

TEST(FiberStack, FourTimesThatStillFits) {
  // The margin: a repeating pattern over 1,024 characters (the table reader's cap on any patterned
  // value) runs in a fiber too.
  boost::asio::io_context loop;
  const std::string digits(1024, '7');
  std::optional<bool> matched;
  boost::asio::post(loop, [&] {
    Fiber::start(loop.get_executor(), [&] {
      static const std::regex repeating("^[0-9]+$");
      matched = std::regex_search(digits, repeating);
    });
  });
  run_until_fibers_end(loop);
  ASSERT_TRUE(matched.has_value());
  EXPECT_TRUE(*matched);
}

}  // namespace
}  // namespace tender::util
