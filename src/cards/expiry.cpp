#include "cards/expiry.hpp"

namespace tender::cards {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int two_digits(std::string_view s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

}  // namespace

std::optional<Expiry> parse_mm_yy(std::string_view text) {
  if (text.size() != 5 || !is_digit(text[0]) || !is_digit(text[1]) || text[2] != '/' ||
      !is_digit(text[3]) || !is_digit(text[4]))
    return std::nullopt;
  const int month = two_digits(text.substr(0, 2));
  if (month < 1 || month > 12) return std::nullopt;
  return Expiry{month, 2000 + two_digits(text.substr(3, 2))};
}

bool expired(const Expiry& expiry, int current_year, int current_month) {
  if (expiry.year != current_year) return expiry.year < current_year;
  return expiry.month < current_month;
}

}  // namespace tender::cards
