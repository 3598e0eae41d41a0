#include "cards/expiry.hpp"

#include <gtest/gtest.h>

namespace {

using tender::cards::expired;
using tender::cards::Expiry;
using tender::cards::parse_mm_yy;

TEST(CardsExpiry, ParsesMmYy) {
  const auto e = parse_mm_yy("12/30");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->month, 12);
  EXPECT_EQ(e->year, 2030);

  const auto first = parse_mm_yy("01/00");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->month, 1);
  EXPECT_EQ(first->year, 2000);

  const auto last = parse_mm_yy("09/99");
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->month, 9);
  EXPECT_EQ(last->year, 2099);
}

TEST(CardsExpiry, RejectsBadMonth) {
  EXPECT_EQ(parse_mm_yy("00/30"), std::nullopt);
  EXPECT_EQ(parse_mm_yy("13/30"), std::nullopt);
  EXPECT_EQ(parse_mm_yy("99/30"), std::nullopt);
}

TEST(CardsExpiry, RejectsOtherFormats) {
  for (const char* bad : {"", "1/30", "12/3", "012/30", "12/030", "12/2030", "1230", "12-30",
                          "12 30", " 12/30", "12/30 ", "12//30", "ab/cd", "1a/30", "12/3a",
                          "+1/30", "12/+3", "12/30\n"}) {
    EXPECT_EQ(parse_mm_yy(bad), std::nullopt) << bad;
  }
}

TEST(CardsExpiry, CurrentMonthIsStillValid) {
  EXPECT_FALSE(expired(Expiry{6, 2026}, 2026, 6));
}

TEST(CardsExpiry, ExpiredBeforeCurrentMonth) {
  EXPECT_TRUE(expired(Expiry{5, 2026}, 2026, 6));
  EXPECT_TRUE(expired(Expiry{12, 2025}, 2026, 1));
  EXPECT_TRUE(expired(Expiry{12, 2020}, 2026, 6));
}

TEST(CardsExpiry, NotExpiredAfterCurrentMonth) {
  EXPECT_FALSE(expired(Expiry{7, 2026}, 2026, 6));
  EXPECT_FALSE(expired(Expiry{1, 2027}, 2026, 12));
  EXPECT_FALSE(expired(Expiry{1, 2030}, 2026, 6));
}

TEST(CardsExpiry, ParseThenCheck) {
  EXPECT_FALSE(expired(*parse_mm_yy("06/26"), 2026, 6));
  EXPECT_TRUE(expired(*parse_mm_yy("05/26"), 2026, 6));
}

}  // namespace
