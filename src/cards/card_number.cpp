#include "cards/card_number.hpp"

#include <algorithm>

namespace tender::cards {
namespace {

// Below these lengths mask_pan stops revealing the BIN, then the last four, so that a short or
// truncated number is never shown whole.
constexpr std::size_t kMinLengthForBin = 12;
constexpr std::size_t kMinLengthForLast4 = 8;

// Whether the first n digits of pan, read as a number, lie in [lo, hi]. False when pan is
// shorter than n.
bool prefix_in(std::string_view pan, std::size_t n, int lo, int hi) {
  if (pan.size() < n) return false;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + (pan[i] - '0');
  return value >= lo && value <= hi;
}

bool prefix_is(std::string_view pan, std::size_t n, int value) { return prefix_in(pan, n, value, value); }

}  // namespace

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool luhn_valid(std::string_view digits) {
  if (!all_digits(digits)) return false;
  int sum = 0;
  bool double_it = false;  // every second digit from the right, excluding the check digit
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

std::string_view to_string(Scheme scheme) {
  switch (scheme) {
    case Scheme::visa: return "visa";
    case Scheme::mastercard: return "mastercard";
    case Scheme::amex: return "amex";
    case Scheme::jcb: return "jcb";
    case Scheme::unionpay: return "unionpay";
    case Scheme::discover: return "discover";
    case Scheme::diners: return "diners";
    case Scheme::maestro: return "maestro";
    case Scheme::unknown: break;
  }
  return "unknown";
}

Scheme detect_scheme(std::string_view pan) {
  if (!all_digits(pan)) return Scheme::unknown;
  if (prefix_is(pan, 1, 4)) return Scheme::visa;
  if (prefix_in(pan, 2, 51, 55) || prefix_in(pan, 4, 2221, 2720)) return Scheme::mastercard;
  if (prefix_is(pan, 2, 34) || prefix_is(pan, 2, 37)) return Scheme::amex;
  if (prefix_in(pan, 4, 3528, 3589)) return Scheme::jcb;
  if (prefix_in(pan, 3, 300, 305) || prefix_is(pan, 2, 36) || prefix_in(pan, 2, 38, 39))
    return Scheme::diners;
  if (prefix_is(pan, 4, 6011) || prefix_in(pan, 3, 644, 649) || prefix_is(pan, 2, 65))
    return Scheme::discover;
  // Includes 622126-622925 (see the header on this overlap).
  if (prefix_is(pan, 2, 62) || prefix_is(pan, 2, 81)) return Scheme::unionpay;
  if (prefix_is(pan, 2, 50) || prefix_in(pan, 2, 56, 58) || prefix_is(pan, 4, 6304) ||
      prefix_is(pan, 4, 6759) || prefix_in(pan, 4, 6761, 6763))
    return Scheme::maestro;
  return Scheme::unknown;
}

bool length_valid_for(Scheme scheme, std::size_t len) {
  switch (scheme) {
    case Scheme::visa: return len == 13 || len == 16 || len == 19;
    case Scheme::amex: return len == 15;
    case Scheme::diners: return len >= 14 && len <= 19;
    case Scheme::maestro:
    case Scheme::unknown: return len >= 12 && len <= 19;
    case Scheme::mastercard:
    case Scheme::jcb:
    case Scheme::unionpay:
    case Scheme::discover: return len >= 16 && len <= 19;
  }
  return false;
}

std::string mask_pan(std::string_view pan) {
  const std::string first = bin6(pan);
  const std::string last = last4(pan);
  return first + std::string(pan.size() - first.size() - last.size(), '*') + last;
}

std::string last4(std::string_view pan) {
  if (pan.size() < kMinLengthForLast4) return "";
  return std::string(pan.substr(pan.size() - 4));
}

std::string bin6(std::string_view pan) {
  if (pan.size() < kMinLengthForBin) return "";
  return std::string(pan.substr(0, 6));
}

}  // namespace tender::cards
