#include "cards/card_number.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using tender::cards::all_digits;
using tender::cards::bin6;
using tender::cards::detect_scheme;
using tender::cards::last4;
using tender::cards::length_valid_for;
using tender::cards::luhn_valid;
using tender::cards::mask_pan;
using tender::cards::Scheme;
using tender::cards::to_string;

struct TestCard {
  std::string pan;
  Scheme scheme;
};

// Public test card numbers published by acquirers and schemes.
const std::vector<TestCard> kTestCards = {
    {"4444333322221111", Scheme::visa},       {"4111111111111111", Scheme::visa},
    {"5555555555554444", Scheme::mastercard}, {"5200000000001005", Scheme::mastercard},
    {"2223003122003222", Scheme::mastercard}, {"378282246310005", Scheme::amex},
    {"3530111333300000", Scheme::jcb},        {"6011111111111117", Scheme::discover},
    {"30569309025904", Scheme::diners},       {"6200000000000005", Scheme::unionpay},
    {"6759649826438453", Scheme::maestro},
};

TEST(CardsCardNumber, AllDigits) {
  EXPECT_TRUE(all_digits("0123456789"));
  EXPECT_FALSE(all_digits(""));
  EXPECT_FALSE(all_digits("4444 3333"));
  EXPECT_FALSE(all_digits("4444-3333"));
  EXPECT_FALSE(all_digits("12a4"));
  EXPECT_FALSE(all_digits("\xd9\xa1"));  // Arabic-Indic digit one
}

TEST(CardsCardNumber, LuhnAcceptsTestCards) {
  for (const TestCard& card : kTestCards) EXPECT_TRUE(luhn_valid(card.pan)) << card.pan;
}

TEST(CardsCardNumber, LuhnRejectsChangedCheckDigit) {
  for (const TestCard& card : kTestCards) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == card.pan.back()) continue;
      std::string wrong = card.pan;
      wrong.back() = d;
      EXPECT_FALSE(luhn_valid(wrong)) << wrong;
    }
  }
}

TEST(CardsCardNumber, LuhnRejectsSingleDigitErrorsAndSwaps) {
  EXPECT_FALSE(luhn_valid("4444333322221112"));
  EXPECT_FALSE(luhn_valid("5555555555554445"));
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_FALSE(luhn_valid("378282246310006"));
  EXPECT_FALSE(luhn_valid("3530111333300001"));
  EXPECT_FALSE(luhn_valid("6011111111111118"));
  EXPECT_FALSE(luhn_valid("30569309025905"));
  EXPECT_FALSE(luhn_valid("6200000000000006"));
  EXPECT_FALSE(luhn_valid("5200000000001006"));
  EXPECT_FALSE(luhn_valid("4444333322212111"));  // adjacent swap 21 -> 12
  EXPECT_FALSE(luhn_valid("5444333322221111"));  // first digit changed
}

TEST(CardsCardNumber, LuhnRejectsNonDigits) {
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid("4444 3333 2222 1111"));
  EXPECT_FALSE(luhn_valid("4444-3333-2222-1111"));
  EXPECT_FALSE(luhn_valid("444433332222111a"));
}

TEST(CardsCardNumber, DetectsSchemeOfTestCards) {
  for (const TestCard& card : kTestCards) EXPECT_EQ(detect_scheme(card.pan), card.scheme) << card.pan;
}

TEST(CardsCardNumber, DetectsSchemeRangeBoundaries) {
  EXPECT_EQ(detect_scheme("4"), Scheme::visa);
  EXPECT_EQ(detect_scheme("5099999999999999"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("5100000000000000"), Scheme::mastercard);
  EXPECT_EQ(detect_scheme("5599999999999999"), Scheme::mastercard);
  EXPECT_EQ(detect_scheme("5600000000000000"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("5899999999999999"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("5900000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("2220999999999999"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("2221000000000000"), Scheme::mastercard);
  EXPECT_EQ(detect_scheme("2720999999999999"), Scheme::mastercard);
  EXPECT_EQ(detect_scheme("2721000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("340000000000000"), Scheme::amex);
  EXPECT_EQ(detect_scheme("370000000000000"), Scheme::amex);
  EXPECT_EQ(detect_scheme("350000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("3527999999999999"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("3528000000000000"), Scheme::jcb);
  EXPECT_EQ(detect_scheme("3589999999999999"), Scheme::jcb);
  EXPECT_EQ(detect_scheme("3590000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("30000000000000"), Scheme::diners);
  EXPECT_EQ(detect_scheme("30599999999999"), Scheme::diners);
  EXPECT_EQ(detect_scheme("30600000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("36000000000000"), Scheme::diners);
  EXPECT_EQ(detect_scheme("38000000000000"), Scheme::diners);
  EXPECT_EQ(detect_scheme("39000000000000"), Scheme::diners);
  EXPECT_EQ(detect_scheme("6011000000000000"), Scheme::discover);
  EXPECT_EQ(detect_scheme("6012000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("6430000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("6440000000000000"), Scheme::discover);
  EXPECT_EQ(detect_scheme("6490000000000000"), Scheme::discover);
  EXPECT_EQ(detect_scheme("6500000000000000"), Scheme::discover);
  EXPECT_EQ(detect_scheme("8100000000000000"), Scheme::unionpay);
  EXPECT_EQ(detect_scheme("6304000000000000"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("6759000000000000"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("6761000000000000"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("6763000000000000"), Scheme::maestro);
  EXPECT_EQ(detect_scheme("6764000000000000"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("6305000000000000"), Scheme::unknown);
}

// Documented choice: the UnionPay/Discover co-branded range is reported as unionpay.
TEST(CardsCardNumber, UnionPayDiscoverOverlapIsUnionPay) {
  EXPECT_EQ(detect_scheme("6221260000000000"), Scheme::unionpay);
  EXPECT_EQ(detect_scheme("6229250000000000"), Scheme::unionpay);
  EXPECT_EQ(detect_scheme("6221250000000000"), Scheme::unionpay);
}

TEST(CardsCardNumber, UnknownForOtherOrInvalidInput) {
  EXPECT_EQ(detect_scheme(""), Scheme::unknown);
  EXPECT_EQ(detect_scheme("1234567890123456"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("9999999999999999"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("4444 3333 2222 1111"), Scheme::unknown);
  EXPECT_EQ(detect_scheme("22"), Scheme::unknown);  // too short to tell 2221-2720
}

TEST(CardsCardNumber, SchemeNames) {
  EXPECT_EQ(to_string(Scheme::unknown), "unknown");
  EXPECT_EQ(to_string(Scheme::visa), "visa");
  EXPECT_EQ(to_string(Scheme::mastercard), "mastercard");
  EXPECT_EQ(to_string(Scheme::amex), "amex");
  EXPECT_EQ(to_string(Scheme::jcb), "jcb");
  EXPECT_EQ(to_string(Scheme::unionpay), "unionpay");
  EXPECT_EQ(to_string(Scheme::discover), "discover");
  EXPECT_EQ(to_string(Scheme::diners), "diners");
  EXPECT_EQ(to_string(Scheme::maestro), "maestro");
}

TEST(CardsCardNumber, LengthValidForScheme) {
  for (const TestCard& card : kTestCards)
    EXPECT_TRUE(length_valid_for(card.scheme, card.pan.size())) << card.pan;

  for (std::size_t len = 0; len <= 25; ++len) {
    EXPECT_EQ(length_valid_for(Scheme::visa, len), len == 13 || len == 16 || len == 19) << len;
    EXPECT_EQ(length_valid_for(Scheme::amex, len), len == 15) << len;
    EXPECT_EQ(length_valid_for(Scheme::diners, len), len >= 14 && len <= 19) << len;
    EXPECT_EQ(length_valid_for(Scheme::maestro, len), len >= 12 && len <= 19) << len;
    EXPECT_EQ(length_valid_for(Scheme::unknown, len), len >= 12 && len <= 19) << len;
    for (const Scheme s : {Scheme::mastercard, Scheme::jcb, Scheme::unionpay, Scheme::discover})
      EXPECT_EQ(length_valid_for(s, len), len >= 16 && len <= 19) << to_string(s) << " " << len;
  }
}

TEST(CardsCardNumber, MasksPan) {
  EXPECT_EQ(mask_pan("4444333322221111"), "444433******1111");
  EXPECT_EQ(mask_pan("378282246310005"), "378282*****0005");
  EXPECT_EQ(mask_pan("30569309025904"), "305693****5904");
  EXPECT_EQ(mask_pan("4222222222222"), "422222***2222");
  EXPECT_EQ(mask_pan("4000000000000000006"), "400000*********0006");
}

TEST(CardsCardNumber, MaskNeverRevealsTooMuchOfShortInput) {
  for (std::size_t len = 0; len <= 25; ++len) {
    const std::string pan(len, '7');
    const std::string masked = mask_pan(pan);
    const auto revealed = static_cast<std::size_t>(std::count(masked.begin(), masked.end(), '7'));
    EXPECT_EQ(masked.size(), len);
    EXPECT_LE(revealed, 10u) << masked;
    if (len > 0) {
      EXPECT_LT(revealed, len) << masked;
    }
  }
  EXPECT_EQ(mask_pan(""), "");
  EXPECT_EQ(mask_pan("1234567"), "*******");
  EXPECT_EQ(mask_pan("12345678"), "****5678");
  EXPECT_EQ(mask_pan("12345678901"), "*******8901");
  EXPECT_EQ(mask_pan("123456789012"), "123456**9012");
}

TEST(CardsCardNumber, Last4AndBin6) {
  EXPECT_EQ(last4("4444333322221111"), "1111");
  EXPECT_EQ(bin6("4444333322221111"), "444433");
  EXPECT_EQ(last4("378282246310005"), "0005");
  EXPECT_EQ(bin6("378282246310005"), "378282");
  // Consistent with mask_pan for short input.
  EXPECT_EQ(last4("1234567"), "");
  EXPECT_EQ(last4("12345678"), "5678");
  EXPECT_EQ(bin6("12345678901"), "");
  EXPECT_EQ(bin6("123456789012"), "123456");
  EXPECT_EQ(last4(""), "");
  EXPECT_EQ(bin6(""), "");
}

}  // namespace
