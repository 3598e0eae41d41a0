#pragma once
// Card expiry dates as typed on a checkout form ("MM/YY").
#include <optional>
#include <string_view>

namespace tender::cards {

struct Expiry {
  int month;  // 1-12
  int year;   // 4-digit
};

// Exactly two digits, '/', two digits, with month 01-12; "YY" means 20YY. Anything else
// (spaces, "1/25", "12/2025", month 00 or 13) is nullopt.
std::optional<Expiry> parse_mm_yy(std::string_view text);

// True when the card's last valid month is before current_year/current_month. A card is valid
// through the end of its expiry month, so the current month is not expired.
bool expired(const Expiry& expiry, int current_year, int current_month);

}  // namespace tender::cards
