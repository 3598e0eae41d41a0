#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "money/currency.hpp"

namespace tender::money {
namespace {

// Typed out independently of the table: ISO 4217 List One (SIX, 2026-01-01)
// minus the 13 codes whose minor unit is "N.A.".
constexpr const char* kExpectedCodes =
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD "
    "BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF "
    "CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB "
    "EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF "
    "IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW "
    "KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT "
    "MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD "
    "OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD "
    "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
    "TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS "
    "VED VES VND VUV WST XAD XAF XCD XCG XOF XPF YER ZAR ZMW ZWG "
    ;

std::set<std::string> expected_codes() {
  std::set<std::string> out;
  std::istringstream in(kExpectedCodes);
  for (std::string code; in >> code;) out.insert(code);
  return out;
}

TEST(Currency, TableHoldsExactlyTheActiveIsoCodes) {
  std::set<std::string> actual;
  for (const Currency& c : all_currencies()) actual.insert(std::string(c.code));
  EXPECT_EQ(expected_codes().size(), 165u);
  EXPECT_EQ(actual, expected_codes());
  EXPECT_EQ(all_currencies().size(), 165u);  // 178 List One codes less 13 without a minor unit
}

TEST(Currency, TableIsSortedWellFormedAndUnique) {
  auto table = all_currencies();
  std::set<std::string_view> numerics;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Currency& c = table[i];
    SCOPED_TRACE(std::string(c.code));
    if (i > 0) {
      EXPECT_LT(table[i - 1].code, c.code);
    }
    ASSERT_EQ(c.code.size(), 3u);
    for (char ch : c.code) EXPECT_TRUE(ch >= 'A' && ch <= 'Z');
    ASSERT_EQ(c.numeric.size(), 3u);
    for (char ch : c.numeric) EXPECT_TRUE(ch >= '0' && ch <= '9');
    EXPECT_TRUE(numerics.insert(c.numeric).second) << "duplicate numeric " << c.numeric;
    EXPECT_TRUE(c.exponent == 0 || c.exponent == 2 || c.exponent == 3 || c.exponent == 4);
    EXPECT_FALSE(c.name.empty());
  }
}

TEST(Currency, ExponentsOtherThanTwoAreExactlyTheIsoOnes) {
  const std::set<std::string> zero = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                      "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
  const std::set<std::string> three = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
  const std::set<std::string> four = {"CLF", "UYW"};
  for (const Currency& c : all_currencies()) {
    std::string code(c.code);
    int expected = zero.count(code) ? 0 : three.count(code) ? 3 : four.count(code) ? 4 : 2;
    EXPECT_EQ(c.exponent, expected) << code;
  }
}

TEST(Currency, WellKnownEntries) {
  struct Row { const char* code; int exponent; const char* numeric; };
  const Row rows[] = {
      {"USD", 2, "840"}, {"EUR", 2, "978"}, {"GBP", 2, "826"}, {"MYR", 2, "458"},
      {"SGD", 2, "702"}, {"JPY", 0, "392"}, {"KRW", 0, "410"}, {"VND", 0, "704"},
      {"CLP", 0, "152"}, {"ISK", 0, "352"}, {"UGX", 0, "800"}, {"XAF", 0, "950"},
      {"XOF", 0, "952"}, {"BHD", 3, "048"}, {"KWD", 3, "414"}, {"JOD", 3, "400"},
      {"OMR", 3, "512"}, {"TND", 3, "788"}, {"LYD", 3, "434"}, {"IQD", 3, "368"},
      {"CLF", 4, "990"}, {"UYW", 4, "927"}, {"ALL", 2, "008"}, {"XCG", 2, "532"},
      {"ZWG", 2, "924"}, {"SLE", 2, "925"}, {"XAD", 2, "396"}, {"VES", 2, "928"},
  };
  for (const Row& r : rows) {
    const Currency* c = find_currency(r.code);
    ASSERT_NE(c, nullptr) << r.code;
    EXPECT_EQ(c->code, r.code);
    EXPECT_EQ(c->exponent, r.exponent) << r.code;
    EXPECT_EQ(c->numeric, r.numeric) << r.code;
  }
  EXPECT_EQ(find_currency("USD")->name, "US Dollar");
  EXPECT_EQ(find_currency("GBP")->name, "Pound Sterling");
}

TEST(Currency, FindReturnsTheTableEntryForEveryCode) {
  for (const Currency& c : all_currencies()) EXPECT_EQ(find_currency(c.code), &c) << c.code;
}

TEST(Currency, FindRefusesAnythingButAnExactUppercaseCode) {
  for (const char* bad : {"", "usd", "Usd", "US", "USDD", " USD", "USD ", "840", "AAA", "ZZZ"}) {
    EXPECT_EQ(find_currency(bad), nullptr) << '"' << bad << '"';
  }
}

TEST(Currency, CodesWithoutMinorUnitOrWithdrawnAreAbsent) {
  for (const char* code : {"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU",
                           "XTS", "XUA", "XXX", "ANG", "BGN", "CUC", "HRK", "SLL", "ZWL", "VEF",
                           "DEM", "MRO", "STD"}) {
    EXPECT_EQ(find_currency(code), nullptr) << code;
  }
}

}  // namespace
}  // namespace tender::money
