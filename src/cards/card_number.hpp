#pragma once
// Primary account numbers (PANs): validation, card scheme by BIN, and the only forms of a PAN
// that may be shown or logged (masked, first six, last four).
//
// All functions expect the bare digits; strip spaces and dashes before calling.
#include <cstddef>
#include <string>
#include <string_view>

namespace tender::cards {

// True when s is non-empty and only ASCII digits 0-9.
bool all_digits(std::string_view s);

// True when digits is all_digits and passes the Luhn (mod 10) check. Length is not checked;
// see length_valid_for.
bool luhn_valid(std::string_view digits);

enum class Scheme { unknown, visa, mastercard, amex, jcb, unionpay, discover, diners, maestro };

// Lowercase name: "unknown", "visa", "mastercard", "amex", "jcb", "unionpay", "discover",
// "diners", "maestro".
std::string_view to_string(Scheme scheme);

// The scheme whose BIN range contains the PAN's leading digits, or unknown (also for non-digit
// input, or too few digits to decide). Ranges:
//   visa 4 | mastercard 51-55, 2221-2720 | amex 34, 37 | jcb 3528-3589 |
//   diners 300-305, 36, 38, 39 | discover 6011, 644-649, 65 | unionpay 62, 81 |
//   maestro 50, 56-58, 6304, 6759, 6761-6763
// Overlap: 622126-622925 is UnionPay-issued and also accepted on the Discover network; it is
// reported as unionpay, the issuing scheme, like the rest of 62.
Scheme detect_scheme(std::string_view pan);

// Whether a PAN of len digits is a valid length for scheme: visa 13, 16, 19 | amex 15 |
// diners 14-19 | maestro 12-19 | mastercard, jcb, unionpay, discover 16-19 | unknown 12-19.
bool length_valid_for(Scheme scheme, std::size_t len);

// The PAN for display and logs: first 6 and last 4 kept, every other character '*'
// ("4444333322221111" -> "444433******1111"). At most 10 characters are ever revealed and never
// all of them: under 12 characters only the last 4 are kept, under 8 nothing is.
std::string mask_pan(std::string_view pan);

// The last 4 characters, or "" when pan is shorter than 8 (consistent with mask_pan).
std::string last4(std::string_view pan);

// The first 6 characters (the BIN), or "" when pan is shorter than 12 (consistent with mask_pan).
std::string bin6(std::string_view pan);

}  // namespace tender::cards
