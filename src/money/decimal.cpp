#include "money/decimal.hpp"

#include <algorithm>

namespace tender::money {
namespace {

using i128 = __int128;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The pieces of ['-'] digit+ ['.' digit+], or none if the text does not match.
struct Lexed {
  bool negative = false;
  std::string_view whole;
  std::string_view fraction;
};

ParseError lex(std::string_view text, Lexed& out) {
  if (text.empty()) return ParseError::empty;
  std::size_t i = 0;
  if (text[0] == '-') {
    out.negative = true;
    i = 1;
  }
  std::size_t whole_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  out.whole = text.substr(whole_begin, i - whole_begin);
  if (out.whole.empty()) return ParseError::not_a_number;
  if (i == text.size()) return ParseError::none;
  if (text[i] != '.') return ParseError::not_a_number;
  ++i;
  std::size_t fraction_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  out.fraction = text.substr(fraction_begin, i - fraction_begin);
  if (out.fraction.empty() || i != text.size()) return ParseError::not_a_number;
  return ParseError::none;
}

// whole.fraction scaled by 10^scale (fraction has at most `scale` digits);
// stops early once above the limit, so a thousand leading digits cannot overflow.
ParseError scaled_value(const Lexed& lexed, int scale, std::int64_t& out) {
  if (lexed.fraction.size() > static_cast<std::size_t>(scale)) return ParseError::too_many_decimals;
  i128 value = 0;
  for (char c : lexed.whole) {
    value = value * 10 + (c - '0');
    if (value > kMaxMinorUnits) return ParseError::out_of_range;
  }
  for (int k = 0; k < scale; ++k) {
    std::size_t idx = static_cast<std::size_t>(k);
    int digit = idx < lexed.fraction.size() ? lexed.fraction[idx] - '0' : 0;
    value = value * 10 + digit;
    if (value > kMaxMinorUnits) return ParseError::out_of_range;
  }
  out = static_cast<std::int64_t>(value);
  return ParseError::none;
}

// Digits of |minor| split at the exponent; unsigned so INT64_MIN is safe.
struct Split {
  bool negative;
  std::string whole;
  std::string fraction;
};

Split split(std::int64_t minor, int exponent) {
  bool negative = minor < 0;
  std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(minor) + 1
                                     : static_cast<std::uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  std::size_t exp = static_cast<std::size_t>(std::max(exponent, 0));
  if (digits.size() <= exp) digits.insert(0, exp + 1 - digits.size(), '0');
  return {negative, digits.substr(0, digits.size() - exp), digits.substr(digits.size() - exp)};
}

std::string group_thousands(const std::string& whole) {
  std::string out;
  out.reserve(whole.size() + whole.size() / 3);
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  return out;
}

std::string join(const Split& s, const std::string& whole) {
  std::string out = s.negative ? "-" : "";
  out += whole;
  if (!s.fraction.empty()) out += "." + s.fraction;
  return out;
}

}  // namespace

std::string_view describe(ParseError error) {
  switch (error) {
    case ParseError::none: return "ok";
    case ParseError::empty: return "is empty";
    case ParseError::not_a_number: return "is not a plain decimal number";
    case ParseError::too_many_decimals: return "has more decimal places than allowed";
    case ParseError::out_of_range: return "is too large";
    case ParseError::negative: return "must not be negative";
  }
  return "is invalid";
}

AmountResult parse_major_units(std::string_view text, const Currency& currency,
                               bool allow_negative) {
  Lexed lexed;
  if (ParseError e = lex(text, lexed); e != ParseError::none) return {0, e};
  std::int64_t magnitude = 0;
  if (ParseError e = scaled_value(lexed, currency.exponent, magnitude); e != ParseError::none) {
    return {0, e};
  }
  if (lexed.negative && !allow_negative) return {0, ParseError::negative};
  return {lexed.negative ? -magnitude : magnitude, ParseError::none};
}

std::string format_major_units(std::int64_t minor, const Currency& currency) {
  Split s = split(minor, currency.exponent);
  return join(s, s.whole);
}

std::string format_display(std::int64_t minor, const Currency& currency) {
  Split s = split(minor, currency.exponent);
  return std::string(currency.code) + " " + join(s, group_thousands(s.whole));
}

DecimalResult parse_decimal(std::string_view text, int max_scale) {
  max_scale = std::clamp(max_scale, 0, 15);
  Lexed lexed;
  if (ParseError e = lex(text, lexed); e != ParseError::none) return {{}, e};
  if (lexed.fraction.size() > static_cast<std::size_t>(max_scale)) {
    return {{}, ParseError::too_many_decimals};
  }
  int scale = static_cast<int>(lexed.fraction.size());
  std::int64_t units = 0;
  if (ParseError e = scaled_value(lexed, scale, units); e != ParseError::none) return {{}, e};
  if (lexed.negative) return {{}, ParseError::negative};
  return {{units, scale}, ParseError::none};
}

}  // namespace tender::money
