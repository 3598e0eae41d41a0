#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "money/currency.hpp"
#include "money/decimal.hpp"

namespace tender::money {
namespace {

const Currency& cur(const char* code) {
  const Currency* c = find_currency(code);
  if (c == nullptr) throw std::runtime_error(std::string("no currency ") + code);
  return *c;
}

ParseError parse_error(const char* text, const char* code = "USD") {
  return parse_major_units(text, cur(code)).error;
}

std::int64_t parsed(const char* text, const char* code = "USD", bool allow_negative = false) {
  AmountResult r = parse_major_units(text, cur(code), allow_negative);
  EXPECT_TRUE(r.ok()) << text << " " << code << ": " << describe(r.error);
  return r.minor;
}

TEST(ParseMajorUnits, Examples) {
  EXPECT_EQ(parsed("10.50"), 1050);
  EXPECT_EQ(parsed("10.5"), 1050);
  EXPECT_EQ(parsed("10"), 1000);
  EXPECT_EQ(parsed("0"), 0);
  EXPECT_EQ(parsed("0.01"), 1);
  EXPECT_EQ(parsed("007"), 700);
  EXPECT_EQ(parsed("007.10"), 710);
  EXPECT_EQ(parsed("1000", "JPY"), 1000);
  EXPECT_EQ(parsed("1.234", "BHD"), 1234);
  EXPECT_EQ(parsed("0.001", "KWD"), 1);
  EXPECT_EQ(parsed("1.2345", "CLF"), 12345);
  EXPECT_EQ(parsed("0.5", "UYW"), 5000);
}

TEST(ParseMajorUnits, TooManyDecimalsEvenWhenZeros) {
  EXPECT_EQ(parse_error("10.505"), ParseError::too_many_decimals);
  EXPECT_EQ(parse_error("1.500"), ParseError::too_many_decimals);
  EXPECT_EQ(parse_error("10.0", "JPY"), ParseError::too_many_decimals);
  EXPECT_EQ(parse_error("1.0000", "BHD"), ParseError::too_many_decimals);
  EXPECT_EQ(parse_error("1.00000", "CLF"), ParseError::too_many_decimals);
}

TEST(ParseMajorUnits, RejectsAnythingButPlainDecimals) {
  EXPECT_EQ(parse_error(""), ParseError::empty);
  for (const char* bad : {" 1", "1 ", "+1", "1e3", "1E3", "1.", ".5", "0x10", "1,000", "1,5", "1.2.3",
                          "-", "--1", "-.5", "- 1", "abc", "1a", "١", "1\n", "\t1", "1_000",
                          "NaN", "inf", "1.-5", "."}) {
    EXPECT_EQ(parse_error(bad), ParseError::not_a_number) << '"' << bad << '"';
  }
  // An embedded NUL is not a digit either.
  EXPECT_EQ(parse_major_units(std::string_view("1\0", 2), cur("USD")).error,
            ParseError::not_a_number);
}

TEST(ParseMajorUnits, Negative) {
  EXPECT_EQ(parse_error("-1"), ParseError::negative);
  EXPECT_EQ(parse_error("-0"), ParseError::negative);
  EXPECT_EQ(parse_error("-0.05"), ParseError::negative);
  EXPECT_EQ(parsed("-0.05", "USD", true), -5);
  EXPECT_EQ(parsed("-0", "USD", true), 0);
  EXPECT_EQ(parsed("-12", "JPY", true), -12);
  // Syntax and decimals are reported before the sign.
  EXPECT_EQ(parse_error("-1x"), ParseError::not_a_number);
  EXPECT_EQ(parse_error("-1.001"), ParseError::too_many_decimals);
}

TEST(ParseMajorUnits, Range) {
  EXPECT_EQ(parsed("10000000000000.00"), kMaxMinorUnits);
  EXPECT_EQ(parse_error("10000000000000.01"), ParseError::out_of_range);
  EXPECT_EQ(parse_error("10000000000001"), ParseError::out_of_range);
  EXPECT_EQ(parsed("1000000000000000", "JPY"), kMaxMinorUnits);
  EXPECT_EQ(parse_error("1000000000000001", "JPY"), ParseError::out_of_range);
  EXPECT_EQ(parse_error("9223372036854775807", "JPY"), ParseError::out_of_range);
  EXPECT_EQ(parse_error("99999999999999999999999999999999999999999999"), ParseError::out_of_range);
  EXPECT_EQ(parsed("-10000000000000.00", "USD", true), -kMaxMinorUnits);
  EXPECT_EQ(parse_major_units("-10000000000000.01", cur("USD"), true).error,
            ParseError::out_of_range);
  // Leading zeros never count towards the range.
  EXPECT_EQ(parsed((std::string(1000, '0') + "1.25").c_str()), 125);
}

TEST(ParseMajorUnits, FailuresCarryZero) {
  EXPECT_EQ(parse_major_units("10.505", cur("USD")).minor, 0);
  EXPECT_EQ(parse_major_units("-5", cur("USD")).minor, 0);
  EXPECT_FALSE(parse_major_units("x", cur("USD")).ok());
}

TEST(Describe, EveryErrorHasItsOwnMessage) {
  std::set<std::string_view> messages;
  for (ParseError e : {ParseError::none, ParseError::empty, ParseError::not_a_number,
                       ParseError::too_many_decimals, ParseError::out_of_range,
                       ParseError::negative}) {
    EXPECT_FALSE(describe(e).empty());
    EXPECT_TRUE(messages.insert(describe(e)).second) << describe(e);
  }
}

TEST(FormatMajorUnits, Examples) {
  EXPECT_EQ(format_major_units(1050, cur("USD")), "10.50");
  EXPECT_EQ(format_major_units(1000, cur("JPY")), "1000");
  EXPECT_EQ(format_major_units(-5, cur("USD")), "-0.05");
  EXPECT_EQ(format_major_units(1, cur("BHD")), "0.001");
  EXPECT_EQ(format_major_units(0, cur("USD")), "0.00");
  EXPECT_EQ(format_major_units(0, cur("JPY")), "0");
  EXPECT_EQ(format_major_units(-1000, cur("JPY")), "-1000");
  EXPECT_EQ(format_major_units(1, cur("CLF")), "0.0001");
  EXPECT_EQ(format_major_units(123456789, cur("UYW")), "12345.6789");
}

TEST(FormatMajorUnits, ExtremesDoNotOverflow) {
  auto min = std::numeric_limits<std::int64_t>::min();
  auto max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(format_major_units(min, cur("USD")), "-92233720368547758.08");
  EXPECT_EQ(format_major_units(max, cur("USD")), "92233720368547758.07");
  EXPECT_EQ(format_major_units(min, cur("JPY")), "-9223372036854775808");
}

TEST(FormatDisplay, GroupsThousands) {
  EXPECT_EQ(format_display(123450, cur("USD")), "USD 1,234.50");
  EXPECT_EQ(format_display(1000, cur("JPY")), "JPY 1,000");
  EXPECT_EQ(format_display(999, cur("KRW")), "KRW 999");
  EXPECT_EQ(format_display(5, cur("USD")), "USD 0.05");
  EXPECT_EQ(format_display(10000, cur("USD")), "USD 100.00");
  EXPECT_EQ(format_display(100000, cur("USD")), "USD 1,000.00");
  EXPECT_EQ(format_display(-123456789, cur("USD")), "USD -1,234,567.89");
  EXPECT_EQ(format_display(1234567, cur("BHD")), "BHD 1,234.567");
  EXPECT_EQ(format_display(kMaxMinorUnits, cur("JPY")), "JPY 1,000,000,000,000,000");
  EXPECT_EQ(format_display(123456, cur("JPY")), "JPY 123,456");
}

// parse(format(x)) == x and format(parse(s)) == s for every currency in the table.
TEST(RoundTrip, EveryCurrency) {
  const std::int64_t samples[] = {0,     1,      5,       9,         10,        99,
                                  100,   101,    1050,    12345,     999999,    1000000,
                                  123456789, 100000000000000, kMaxMinorUnits - 1, kMaxMinorUnits};
  for (const Currency& c : all_currencies()) {
    SCOPED_TRACE(std::string(c.code));
    for (std::int64_t minor : samples) {
      for (std::int64_t value : {minor, -minor}) {
        std::string text = format_major_units(value, c);
        AmountResult back = parse_major_units(text, c, /*allow_negative=*/true);
        ASSERT_TRUE(back.ok()) << text << ": " << describe(back.error);
        EXPECT_EQ(back.minor, value) << text;
        EXPECT_EQ(format_major_units(back.minor, c), text);
      }
      // The canonical text has exactly `exponent` fraction digits.
      std::string text = format_major_units(minor, c);
      std::size_t dot = text.find('.');
      if (c.exponent == 0) {
        EXPECT_EQ(dot, std::string::npos) << text;
      } else {
        ASSERT_NE(dot, std::string::npos) << text;
        EXPECT_EQ(text.size() - dot - 1, static_cast<std::size_t>(c.exponent)) << text;
      }
    }
    // One major unit is 10^exponent minor units.
    std::int64_t one = 1;
    for (int i = 0; i < c.exponent; ++i) one *= 10;
    EXPECT_EQ(parse_major_units("1", c).minor, one);
    // One more digit than the exponent allows is refused.
    std::string too_precise = "1." + std::string(static_cast<std::size_t>(c.exponent) + 1, '1');
    EXPECT_EQ(parse_major_units(too_precise, c).error, ParseError::too_many_decimals);
    // And one minor unit above the cap is out of range.
    std::string above = format_major_units(kMaxMinorUnits + 1, c);
    EXPECT_EQ(parse_major_units(above, c).error, ParseError::out_of_range) << above;
  }
}

DecimalResult dec(const char* text, int max_scale = 6) { return parse_decimal(text, max_scale); }

TEST(ParseDecimal, Examples) {
  auto check = [](const char* text, std::int64_t units, int scale) {
    DecimalResult r = dec(text);
    ASSERT_TRUE(r.ok()) << text << ": " << describe(r.error);
    EXPECT_EQ(r.value.units, units) << text;
    EXPECT_EQ(r.value.scale, scale) << text;
  };
  check("1", 1, 0);
  check("2.5", 25, 1);
  check("0.333", 333, 3);
  check("2.50", 250, 2);
  check("0", 0, 0);
  check("007.5", 75, 1);
  check("0.000001", 1, 6);
  check("1000000", 1000000, 0);
  check("999999999.999999", 999999999999999, 6);
}

TEST(ParseDecimal, Errors) {
  EXPECT_EQ(dec("").error, ParseError::empty);
  for (const char* bad : {" 1", "1 ", "+1", "1e3", "1.", ".5", "0x10", "1,5", "abc", "-"}) {
    EXPECT_EQ(dec(bad).error, ParseError::not_a_number) << bad;
  }
  EXPECT_EQ(dec("-1").error, ParseError::negative);
  EXPECT_EQ(dec("-0.5").error, ParseError::negative);
  EXPECT_EQ(dec("1.1234567").error, ParseError::too_many_decimals);
  EXPECT_EQ(dec("1.5", 0).error, ParseError::too_many_decimals);
  EXPECT_EQ(dec("1.50", 1).error, ParseError::too_many_decimals);
  EXPECT_TRUE(dec("1.5", 1).ok());
  EXPECT_EQ(dec("1000000000000001").error, ParseError::out_of_range);
  EXPECT_EQ(dec("1000000000.000005").error, ParseError::out_of_range);  // 10^15 + 5 units
  EXPECT_EQ(dec("99999999999999999999999999").error, ParseError::out_of_range);
  EXPECT_TRUE(dec("1000000000000000").ok());
}

TEST(ParseDecimal, MaxScaleIsClamped) {
  EXPECT_EQ(dec("1.5", -3).error, ParseError::too_many_decimals);
  EXPECT_TRUE(dec("0.000000000000001", 40).ok());
  EXPECT_EQ(dec("0.0000000000000001", 40).error, ParseError::too_many_decimals);
}

}  // namespace
}  // namespace tender::money
