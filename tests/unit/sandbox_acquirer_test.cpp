#include "connectors/sandbox/sandbox_acquirer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cards/card_number.hpp"
#include "connectors/sandbox/test_cards.hpp"
#include "connectors/sandbox/sandbox_responses.hpp"
#include "connectors/sandbox/sandbox_test_support.hpp"

namespace {

using namespace std::chrono;
using namespace tender::connectors::sandbox::testing;
using R = DeclineReason;

bool digits_of_length(const std::string& s, std::size_t n) {
  return s.size() == n && tender::cards::all_digits(s);
}

void expect_error(const Outcome& o, DeclineReason reason, const std::string& response_code) {
  const auto name = tender::connectors::to_string(reason);
  EXPECT_FALSE(o.approved) << name;
  EXPECT_FALSE(o.pending) << name;
  EXPECT_EQ(o.decline, reason) << (o.decline ? tender::connectors::to_string(*o.decline) : "none");
  EXPECT_EQ(o.response_code, response_code) << name;
  EXPECT_FALSE(o.message.empty()) << name;
  EXPECT_TRUE(o.auth_code.empty()) << name;
}

struct Fixture : ::testing::Test {
  FakeClock clock{kNow};
  SandboxAcquirer acquirer{clock, SandboxOptions{0, 50, 1'000'000}};
};

using SandboxAcquirerTest = Fixture;

// ---- approving cards ----------------------------------------------------------------------

struct ApprovingRow {
  const char* pan;
  const char* cvc;
  const char* scheme;
  const char* country;
  const char* card_type;  // docs/test-cards.md
  bool enrolled;
};

constexpr ApprovingRow kApproving[] = {
    {"4444333322221111", "123", "visa", "MY", "debit", false},
    {"5555555555554444", "123", "mastercard", "GB", "credit", true},
    {"5200000000001005", "100", "mastercard", "SG", "debit", false},
    {"378282246310005", "1234", "amex", "US", "credit", false},
    {"3530111333300000", "123", "jcb", "US", "credit", false},
    {"6200000000000005", "123", "unionpay", "US", "debit", false},
    {"6011111111111117", "123", "discover", "US", "credit", false},
    {"30569309025904", "123", "diners", "US", "credit", false},
    // Scenario cards whose authorize approves.
    {"4000000000001018", "123", "visa", "US", "credit", false},  // timeout: slow, then approves
    {"4000000000001026", "123", "visa", "US", "credit", true},   // ACS fails (approves only with "Y")
    {"4000000000001034", "123", "visa", "US", "credit", false},  // capture fails
    {"4000000000001042", "123", "visa", "US", "credit", false},  // refund fails
};

TEST_F(SandboxAcquirerTest, ApprovingCards) {
  EXPECT_EQ(acquirer.name(), "sandbox");
  std::set<std::string> references;
  for (const auto& row : kApproving) {
    AuthorizeRequest r = request(row.pan, row.cvc);
    if (row.enrolled) r.three_ds_result = "Y";
    const Outcome o = acquirer.authorize(r);
    EXPECT_TRUE(o.approved) << row.pan << " " << o.message;
    EXPECT_FALSE(o.pending);
    EXPECT_FALSE(o.blocked());
    EXPECT_EQ(o.decline, std::nullopt);
    EXPECT_EQ(o.message, "");
    EXPECT_EQ(o.response_code, "00");
    EXPECT_TRUE(digits_of_length(o.auth_code, 6)) << o.auth_code;
    EXPECT_TRUE(digits_of_length(o.rrn, 12)) << o.rrn;
    EXPECT_TRUE(digits_of_length(o.stan, 6)) << o.stan;
    EXPECT_TRUE(o.acquirer_reference.starts_with("sbx_")) << o.acquirer_reference;
    EXPECT_GT(o.acquirer_reference.size(), 20u);
    EXPECT_EQ(o.scheme, row.scheme) << row.pan;
    EXPECT_EQ(o.country, row.country) << row.pan;
    EXPECT_EQ(o.card_type, row.card_type) << row.pan;
    EXPECT_EQ(o.processing_time, kNow);
    references.insert(o.acquirer_reference);
    EXPECT_EQ(acquirer.check_enrollment(r.card).enrolled, row.enrolled) << row.pan;
  }
  EXPECT_EQ(references.size(), std::size(kApproving));
}

TEST_F(SandboxAcquirerTest, WrongCvcOnTestCards) {
  for (const auto& row : kApproving) {
    const std::string wrong = std::string(row.cvc) == "1234" ? "4321" : std::string(row.cvc) == "123" ? "124" : "123";
    AuthorizeRequest r = request(row.pan, wrong);
    r.three_ds_result = "Y";
    const Outcome o = acquirer.authorize(r);
    expect_error(o, R::invalid_card_data, "N7");
    EXPECT_EQ(o.message, "Invalid card data provided");
    EXPECT_TRUE(digits_of_length(o.rrn, 12));  // declined by the "issuer": has network fields
  }
  // 5200 0000 0000 1005 takes CVC 100 only.
  expect_error(acquirer.authorize(request("5200000000001005", "123")), R::invalid_card_data, "N7");
}

TEST_F(SandboxAcquirerTest, OtherValidCardsFail) {
  for (const char* pan : {"4111111111111111", "4242424242424242", "5105105105105100", "4000000000000002"}) {
    ASSERT_TRUE(tender::cards::luhn_valid(pan));
    const Outcome o = acquirer.authorize(request(pan));
    expect_error(o, R::authorization_failed, "05");
    EXPECT_EQ(o.message, "Payment authorization failed");
    EXPECT_EQ(o.country, "US");
    EXPECT_FALSE(acquirer.check_enrollment(request(pan).card).enrolled);
  }
}

// ---- declining cards ----------------------------------------------------------------------

struct DecliningRow {
  const char* pan;
  DeclineReason reason;
  const char* response_code;
  const char* message;
  bool blocked;
};

constexpr DecliningRow kDeclining[] = {
    {"4000000000000010", R::insufficient_funds, "51", "Insufficient funds", false},
    {"4000000000000028", R::do_not_honour, "05",
     "Do not honour (the transaction was declined by the Issuer without definition or reason).", false},
    {"4000000000000036", R::stolen_card, "43", "Stolen card", false},
    {"4000000000000044", R::lost_card, "41", "Lost card", false},
    {"4000000000000051", R::restricted_card, "62", "Restricted card", false},
    {"4000000000000069", R::withdrawal_limit, "61", "Exceeds withdrawal limit", false},
    {"4000000000000077", R::account_limit, "65", "Exceeded account limit", false},
    {"4000000000000085", R::suspected_fraud, "59", "Decline, suspected fraud", false},
    {"4000000000000093", R::issuer_unavailable, "91", "Issuer Not Available", false},
    {"4000000000000101", R::not_permitted, "57", "Transaction not permitted to cardholder", false},
    {"4000000000000119", R::invalid_issuer, "15", "No such issuer (the Issuer number is not valid).", false},
    {"4000000000000127", R::security_violation, "63", "Security violation", false},
    {"4000000000000135", R::expired_card, "54", "Expired card", false},
    {"4000000000000143", R::authorization_failed, "05", "Payment authorization failed", false},
    {"4000000000000150", R::fraud_rules, "34", "Decline, fraud", true},
    {"4000000000000168", R::blacklisted, "93", "Blacklisted transaction: blocked (general)", true},
    {"4000000000000176", R::acquirer_error, "96", "Acquirer internal error", false},
};

TEST_F(SandboxAcquirerTest, DecliningCards) {
  for (const auto& row : kDeclining) {
    ASSERT_TRUE(tender::cards::luhn_valid(row.pan)) << row.pan;
    const Outcome o = acquirer.authorize(request(row.pan));
    expect_error(o, row.reason, row.response_code);
    EXPECT_EQ(o.message, row.message);
    EXPECT_EQ(o.blocked(), row.blocked) << row.pan;
    EXPECT_EQ(o.scheme, "visa");
    EXPECT_EQ(o.country, "US");
    EXPECT_TRUE(digits_of_length(o.rrn, 12));
    EXPECT_TRUE(digits_of_length(o.stan, 6));
    EXPECT_TRUE(o.acquirer_reference.empty());
    EXPECT_FALSE(acquirer.check_enrollment(request(row.pan).card).enrolled);
    // Declines apply to holds and preauthorizations too; a wrong CVC is reported first.
    expect_error(acquirer.authorize(hold(row.pan)), row.reason, row.response_code);
    AuthorizeRequest verify = request(row.pan);
    verify.verify_only = true;
    verify.amount_minor = 0;
    expect_error(acquirer.authorize(verify), row.reason, row.response_code);
    expect_error(acquirer.authorize(request(row.pan, "321")), R::invalid_card_data, "N7");
  }
  EXPECT_EQ(acquirer.remembered_authorizations(), 0u);
}

TEST(SandboxTestCards, TableMatchesTheTests) {
  using tender::connectors::sandbox::test_cards;
  EXPECT_EQ(test_cards().size(), std::size(kApproving) + std::size(kDeclining));
  std::set<std::string_view> pans;
  for (const auto& card : test_cards()) {
    EXPECT_TRUE(tender::cards::luhn_valid(card.pan)) << card.pan;
    pans.insert(card.pan);
  }
  EXPECT_EQ(pans.size(), test_cards().size());
  // Every reason a card declines with has the sandbox's own response code and message.
  for (const auto& card : test_cards()) {
    if (card.behaviour != tender::connectors::sandbox::Behaviour::decline) continue;
    ASSERT_TRUE(card.decline) << card.pan;
    EXPECT_EQ(tender::connectors::sandbox::sandbox_response(*card.decline).reason, *card.decline) << card.pan;
  }
}

// ---- validation ---------------------------------------------------------------------------

TEST_F(SandboxAcquirerTest, InvalidCardNumbers) {
  for (const char* pan : {"", "4444 3333 2222 1111", "4444-3333-2222-1111", "4444333322221112", "44443333222",
                          "40000000000000000006", "abcdabcdabcdabcd", "000000000000"}) {
    const Outcome o = acquirer.authorize(request(pan));
    if (std::string(pan) == "000000000000") {
      // Luhn-valid 12 digits: a valid number, just not a test card.
      expect_error(o, R::authorization_failed, "05");
      continue;
    }
    expect_error(o, R::invalid_card_number, "14");
    EXPECT_EQ(o.message, "Invalid card number");
    EXPECT_TRUE(o.rrn.empty());  // data errors never reach the network
    EXPECT_EQ(acquirer.check_enrollment(request(pan).card).invalid, R::invalid_card_number);
  }
  // 19 digits, Luhn-valid, is accepted as a number.
  expect_error(acquirer.authorize(request("4000000000000000006")), R::authorization_failed, "05");
}

TEST_F(SandboxAcquirerTest, InvalidExpiry) {
  for (int m : {0, 13, -1, 100}) {
    const Outcome o = acquirer.authorize(request("4444333322221111", "123", m, 2030));
    expect_error(o, R::invalid_expiry, "30");
    EXPECT_EQ(o.message, "Invalid expires");
  }
  expect_error(acquirer.authorize(request("4444333322221111", "123", 12, 30)), R::invalid_expiry, "30");
  expect_error(acquirer.authorize(request("4444333322221111", "123", 12, 2100)), R::invalid_expiry, "30");
  EXPECT_EQ(acquirer.check_enrollment(request("5555555555554444", "123", 13, 2030).card).invalid,
            R::invalid_expiry);
}

TEST_F(SandboxAcquirerTest, ExpiredVersusCurrentMonth) {
  // Now is March 2026: March 2026 is still valid, February 2026 and December 2025 are expired.
  EXPECT_TRUE(acquirer.authorize(request("4444333322221111", "123", 3, 2026)).approved);
  EXPECT_TRUE(acquirer.authorize(request("4444333322221111", "123", 1, 2027)).approved);
  for (auto [m, y] : {std::pair{2, 2026}, std::pair{12, 2025}, std::pair{3, 2025}}) {
    const Outcome o = acquirer.authorize(request("4444333322221111", "123", m, y));
    expect_error(o, R::expired_card, "54");
    EXPECT_EQ(o.message, "Expired card");
    EXPECT_TRUE(o.rrn.empty());
    const auto e = acquirer.check_enrollment(request("5555555555554444", "123", m, y).card);
    EXPECT_FALSE(e.enrolled);
    EXPECT_EQ(e.invalid, R::expired_card);
    EXPECT_EQ(e.message, "Expired card");
  }
  // The month boundary is UTC: last second of March still valid, first second of April expired.
  clock.set(utc(2026, 4, 1) - 1);
  EXPECT_TRUE(acquirer.authorize(request("4444333322221111", "123", 3, 2026)).approved);
  clock.set(utc(2026, 4, 1));
  expect_error(acquirer.authorize(request("4444333322221111", "123", 3, 2026)), R::expired_card, "54");
  // Moving the test clock into the next year expires December cards.
  clock.set(utc(2027, 1, 1));
  expect_error(acquirer.authorize(request("4444333322221111", "123", 12, 2026)), R::expired_card, "54");
}

TEST_F(SandboxAcquirerTest, CvcRules) {
  for (const char* cvc : {"", "12", "1234", "12a", " 123", "abc"})
    expect_error(acquirer.authorize(request("4444333322221111", cvc)), R::invalid_card_data, "N7");
  // Amex takes four digits, the others three.
  expect_error(acquirer.authorize(request("378282246310005", "123")), R::invalid_card_data, "N7");
  EXPECT_TRUE(acquirer.authorize(request("378282246310005", "1234")).approved);
  // Format errors come before the network (no RRN); a wrong value is the issuer's answer.
  EXPECT_TRUE(acquirer.authorize(request("4444333322221111", "12")).rrn.empty());
  EXPECT_FALSE(acquirer.authorize(request("4444333322221111", "999")).rrn.empty());
  // check_enrollment checks the CVC format only when one is given, never its value.
  EXPECT_EQ(acquirer.check_enrollment(request("4444333322221111", "12").card).invalid, R::invalid_card_data);
  EXPECT_EQ(acquirer.check_enrollment(request("4444333322221111", "").card).invalid, std::nullopt);
  EXPECT_EQ(acquirer.check_enrollment(request("5555555555554444", "999").card).invalid, std::nullopt);
  EXPECT_TRUE(acquirer.check_enrollment(request("5555555555554444", "999").card).enrolled);
}

TEST_F(SandboxAcquirerTest, MerchantInitiatedNeedsNoCvcNorChallenge) {
  for (const auto& row : kApproving) {
    if (std::string(row.pan) == "4000000000001026") continue;  // ACS-fails card: see below
    AuthorizeRequest r = request(row.pan, "");
    r.merchant_initiated = true;
    const Outcome o = acquirer.authorize(r);
    EXPECT_TRUE(o.approved) << row.pan << " " << o.message;
  }
  AuthorizeRequest r = request("4444333322221111", "");
  expect_error(acquirer.authorize(r), R::invalid_card_data, "N7");  // customer-initiated needs a CVC
  r.merchant_initiated = true;
  r.card.cvc = "999";  // a CVC given is still checked
  expect_error(acquirer.authorize(r), R::invalid_card_data, "N7");
  r.card.cvc = "12";
  expect_error(acquirer.authorize(r), R::invalid_card_data, "N7");
  AuthorizeRequest acs = request("4000000000001026", "");
  acs.merchant_initiated = true;
  expect_error(acquirer.authorize(acs), R::authentication_failed, "05");
  for (const auto& row : kDeclining) {
    AuthorizeRequest d = request(row.pan, "");
    d.merchant_initiated = true;
    expect_error(acquirer.authorize(d), row.reason, row.response_code);
  }
}

TEST_F(SandboxAcquirerTest, Amounts) {
  AuthorizeRequest r = request("4444333322221111");
  r.amount_minor = 0;
  expect_error(acquirer.authorize(r), R::invalid_amount, "13");
  r.amount_minor = -5;
  expect_error(acquirer.authorize(r), R::invalid_amount, "13");
  r.verify_only = true;
  expect_error(acquirer.authorize(r), R::invalid_amount, "13");
  r.amount_minor = 100;
  expect_error(acquirer.authorize(r), R::invalid_amount, "13");
  r.amount_minor = 0;
  const Outcome verified = acquirer.authorize(r);
  EXPECT_TRUE(verified.approved);
  EXPECT_TRUE(digits_of_length(verified.auth_code, 6));
  // A preauthorization holds no money: nothing to capture, but it can be released.
  expect_error(acquirer.capture(follow(verified.acquirer_reference, 1, "MYR")), R::invalid_amount, "13");
  EXPECT_TRUE(acquirer.release(follow(verified.acquirer_reference)).approved);
}

// ---- 3-D Secure ---------------------------------------------------------------------------

TEST_F(SandboxAcquirerTest, ThreeDSecureEnrolledCard) {
  const CardData card = request("5555555555554444").card;
  const auto e = acquirer.check_enrollment(card);
  EXPECT_TRUE(e.enrolled);
  EXPECT_EQ(e.invalid, std::nullopt);
  AuthorizeRequest r = request("5555555555554444");
  const Outcome required = acquirer.authorize(r);
  expect_error(required, R::authentication_required, "1A");
  EXPECT_FALSE(required.pending);
  r.three_ds_result = "N";
  expect_error(acquirer.authorize(r), R::authentication_failed, "05");
  r.three_ds_result = "bogus";
  expect_error(acquirer.authorize(r), R::authentication_failed, "05");
  r.three_ds_result = "Y";
  EXPECT_TRUE(acquirer.authorize(r).approved);
  r.three_ds_result = "A";
  EXPECT_TRUE(acquirer.authorize(r).approved);
  // A wrong CVC is only detected after the challenge (seed: "on the S2S callback step").
  AuthorizeRequest wrong_cvc = request("5555555555554444", "999");
  expect_error(acquirer.authorize(wrong_cvc), R::authentication_required, "1A");
  wrong_cvc.three_ds_result = "Y";
  expect_error(acquirer.authorize(wrong_cvc), R::invalid_card_data, "N7");
}

TEST_F(SandboxAcquirerTest, ThreeDSecureFailingAcsCard) {
  EXPECT_TRUE(acquirer.check_enrollment(request("4000000000001026").card).enrolled);
  for (const char* result : {"", "N", "A", "x"}) {
    AuthorizeRequest r = request("4000000000001026");
    r.three_ds_result = result;
    const Outcome o = acquirer.authorize(r);
    expect_error(o, R::authentication_failed, "05");
    EXPECT_EQ(o.message, "3DS authentication failed");
  }
  AuthorizeRequest r = request("4000000000001026");
  r.three_ds_result = "Y";
  EXPECT_TRUE(acquirer.authorize(r).approved);
}

TEST_F(SandboxAcquirerTest, ThreeDSecureResultIgnoredForCardsNotEnrolled) {
  for (const char* result : {"", "N", "A", "Y"}) {
    AuthorizeRequest r = request("4444333322221111");
    r.three_ds_result = result;
    EXPECT_TRUE(acquirer.authorize(r).approved) << result;
  }
}

// ---- capture, release, refund -------------------------------------------------------------

TEST_F(SandboxAcquirerTest, CaptureAndRefundAmounts) {
  const Outcome held = acquirer.authorize(hold("4444333322221111", 1000));
  ASSERT_TRUE(held.approved);
  const std::string ref = held.acquirer_reference;
  expect_error(acquirer.capture(follow(ref, 1001, "MYR")), R::invalid_amount, "13");
  expect_error(acquirer.capture(follow(ref, 0, "MYR")), R::invalid_amount, "13");
  expect_error(acquirer.capture(follow(ref, 500, "EUR")), R::invalid_amount, "13");
  expect_error(acquirer.refund(follow(ref, 1, "MYR")), R::refund_limit_exceeded, "13");  // nothing captured
  const Outcome captured = acquirer.capture(follow(ref, 600, "MYR"));  // partial: the rest is released
  EXPECT_TRUE(captured.approved);
  EXPECT_EQ(captured.response_code, "00");
  EXPECT_EQ(captured.acquirer_reference, ref);
  EXPECT_TRUE(digits_of_length(captured.rrn, 12));
  EXPECT_EQ(captured.scheme, "visa");
  EXPECT_EQ(captured.country, "MY");
  EXPECT_EQ(captured.card_type, "debit");
  EXPECT_TRUE(acquirer.capture(follow(ref, 600, "MYR")).approved);  // a retry answers the same
  expect_error(acquirer.capture(follow(ref, 700, "MYR")), R::unrecognized, "06");
  expect_error(acquirer.release(follow(ref)), R::unrecognized, "06");
  expect_error(acquirer.refund(follow(ref, 601, "MYR")), R::refund_limit_exceeded, "13");
  expect_error(acquirer.refund(follow(ref, 0, "MYR")), R::invalid_amount, "13");
  expect_error(acquirer.refund(follow(ref, 100, "EUR")), R::invalid_amount, "13");
  EXPECT_TRUE(acquirer.refund(follow(ref, 400, "MYR")).approved);
  const Outcome over = acquirer.refund(follow(ref, 201, "MYR"));
  expect_error(over, R::refund_limit_exceeded, "13");
  EXPECT_EQ(over.message, "Exceeded refundable amount defined by acquirer");
  EXPECT_TRUE(acquirer.refund(follow(ref, 200, "MYR")).approved);
  expect_error(acquirer.refund(follow(ref, 1, "MYR")), R::refund_limit_exceeded, "13");
}

TEST_F(SandboxAcquirerTest, SaleIsCapturedAtOnce) {
  const Outcome sale = acquirer.authorize(request("5200000000001005", "100"));
  ASSERT_TRUE(sale.approved);
  EXPECT_EQ(sale.country, "SG");
  expect_error(acquirer.release(follow(sale.acquirer_reference)), R::unrecognized, "06");
  expect_error(acquirer.refund(follow(sale.acquirer_reference, 1001, "MYR")), R::refund_limit_exceeded, "13");
  EXPECT_TRUE(acquirer.refund(follow(sale.acquirer_reference, 1000, "MYR")).approved);
}

TEST_F(SandboxAcquirerTest, Release) {
  const Outcome held = acquirer.authorize(hold("4444333322221111"));
  const Outcome released = acquirer.release(follow(held.acquirer_reference));
  EXPECT_TRUE(released.approved);
  EXPECT_EQ(released.response_code, "00");
  EXPECT_TRUE(acquirer.release(follow(held.acquirer_reference)).approved);  // idempotent
  expect_error(acquirer.capture(follow(held.acquirer_reference, 100, "MYR")), R::unrecognized, "06");
  expect_error(acquirer.refund(follow(held.acquirer_reference, 100, "MYR")), R::refund_limit_exceeded, "13");
}

TEST_F(SandboxAcquirerTest, UnknownReferences) {
  for (const std::string ref : {"", "abc", "SBX_123", "sbx"}) {
    const Outcome c = acquirer.capture(follow(ref, 100, "MYR"));
    expect_error(c, R::unrecognized, "06");
    EXPECT_EQ(c.message, "Unrecognized transaction error");
    expect_error(acquirer.release(follow(ref)), R::unrecognized, "06");
    expect_error(acquirer.refund(follow(ref, 100, "MYR")), R::unrecognized, "06");
  }
}

TEST_F(SandboxAcquirerTest, CaptureFailingCard) {
  const Outcome held = acquirer.authorize(hold("4000000000001034"));
  ASSERT_TRUE(held.approved);
  EXPECT_TRUE(held.acquirer_reference.starts_with("sbx_cf_"));
  const Outcome c = acquirer.capture(follow(held.acquirer_reference, 1000, "MYR"));
  expect_error(c, R::acquirer_error, "96");
  EXPECT_EQ(c.message, "Acquirer internal error");
  expect_error(acquirer.capture(follow(held.acquirer_reference, 1, "MYR")), R::acquirer_error, "96");
  EXPECT_TRUE(acquirer.release(follow(held.acquirer_reference)).approved);  // the hold can still be released
}

TEST_F(SandboxAcquirerTest, RefundFailingCard) {
  const Outcome held = acquirer.authorize(hold("4000000000001042"));
  ASSERT_TRUE(held.approved);
  EXPECT_TRUE(held.acquirer_reference.starts_with("sbx_rf_"));
  EXPECT_TRUE(acquirer.capture(follow(held.acquirer_reference, 1000, "MYR")).approved);
  expect_error(acquirer.refund(follow(held.acquirer_reference, 1, "MYR")), R::refund_limit_exceeded, "13");
  const Outcome sale = acquirer.authorize(request("4000000000001042"));
  expect_error(acquirer.refund(follow(sale.acquirer_reference, 1000, "MYR")), R::refund_limit_exceeded, "13");
}

TEST_F(SandboxAcquirerTest, ForgivenessAfterRestart) {
  const std::string ok_hold = acquirer.authorize(hold("4444333322221111")).acquirer_reference;
  const std::string ok_hold2 = acquirer.authorize(hold("4444333322221111")).acquirer_reference;
  const std::string ok_sale = acquirer.authorize(request("4444333322221111")).acquirer_reference;
  const std::string cf_hold = acquirer.authorize(hold("4000000000001034")).acquirer_reference;
  const std::string rf_hold = acquirer.authorize(hold("4000000000001042")).acquirer_reference;

  SandboxAcquirer restarted(clock, SandboxOptions{});
  EXPECT_EQ(restarted.remembered_authorizations(), 0u);
  // Unknown "sbx_" references are approved...
  EXPECT_TRUE(restarted.capture(follow(ok_hold, 1000, "MYR")).approved);
  EXPECT_TRUE(restarted.release(follow(ok_hold2)).approved);
  EXPECT_TRUE(restarted.refund(follow(ok_sale, 500, "MYR")).approved);
  EXPECT_TRUE(restarted.refund(follow(ok_sale, 500, "MYR")).approved);
  // ...and remembered from then on: refunds of the forgiven capture are bounded by it.
  EXPECT_TRUE(restarted.refund(follow(ok_hold, 700, "MYR")).approved);
  expect_error(restarted.refund(follow(ok_hold, 301, "MYR")), R::refund_limit_exceeded, "13");
  expect_error(restarted.capture(follow(ok_hold2, 100, "MYR")), R::unrecognized, "06");  // released
  // ...except the failing cards, whose behaviour is in the reference.
  expect_error(restarted.capture(follow(cf_hold, 1000, "MYR")), R::acquirer_error, "96");
  EXPECT_TRUE(restarted.release(follow(cf_hold)).approved);
  EXPECT_TRUE(restarted.capture(follow(rf_hold, 1000, "MYR")).approved);
  expect_error(restarted.refund(follow(rf_hold, 1, "MYR")), R::refund_limit_exceeded, "13");
  expect_error(restarted.refund(follow("sbx_rf_unknown", 1, "MYR")), R::refund_limit_exceeded, "13");
  expect_error(restarted.capture(follow("sbx_cf_unknown", 1, "MYR")), R::acquirer_error, "96");
  // Anything not issued by the sandbox is still unknown.
  expect_error(restarted.capture(follow("other_ref", 1000, "MYR")), R::unrecognized, "06");
}

TEST(SandboxAcquirer, OldestAuthorizationsAreForgotten) {
  FakeClock clock(kNow);
  SandboxAcquirer acquirer(clock, SandboxOptions{0, 0, 2});
  const std::string a = acquirer.authorize(hold("4444333322221111", 100)).acquirer_reference;
  const std::string b = acquirer.authorize(hold("4444333322221111", 100)).acquirer_reference;
  const std::string c = acquirer.authorize(hold("4444333322221111", 100)).acquirer_reference;
  EXPECT_EQ(acquirer.remembered_authorizations(), 2u);
  // a was dropped, so the limit of 100 is forgotten and the capture is forgiven.
  EXPECT_TRUE(acquirer.capture(follow(a, 5000, "MYR")).approved);
  EXPECT_EQ(acquirer.remembered_authorizations(), 2u);
  // b was dropped to make room for a's forgiven capture; c is still known and bounded.
  expect_error(acquirer.capture(follow(c, 101, "MYR")), R::invalid_amount, "13");
  EXPECT_TRUE(acquirer.capture(follow(b, 5000, "MYR")).approved);
}

// ---- timing and threads -------------------------------------------------------------------

template <class F>
milliseconds time_of(F&& f) {
  const auto start = steady_clock::now();
  f();
  return duration_cast<milliseconds>(steady_clock::now() - start);
}

TEST(SandboxAcquirer, DelayAppliesToEveryAnswer) {
  FakeClock clock(kNow);
  SandboxAcquirer acquirer(clock, SandboxOptions{120, 0, 1000});
  std::string ref;
  EXPECT_GE(time_of([&] { ref = acquirer.authorize(hold("4444333322221111")).acquirer_reference; }).count(), 115);
  EXPECT_GE(time_of([&] { acquirer.authorize(request("4000000000000010")); }).count(), 115);  // declines too
  EXPECT_GE(time_of([&] { acquirer.check_enrollment(request("5555555555554444").card); }).count(), 115);
  EXPECT_GE(time_of([&] { EXPECT_TRUE(acquirer.capture(follow(ref, 500, "MYR")).approved); }).count(), 115);
  EXPECT_GE(time_of([&] { EXPECT_TRUE(acquirer.refund(follow(ref, 500, "MYR")).approved); }).count(), 115);
  EXPECT_GE(time_of([&] { acquirer.release(follow("sbx_x")); }).count(), 115);
  // Card-data errors are found before the network and answer at once.
  EXPECT_LT(time_of([&] { acquirer.authorize(request("4444333322221112")); }).count(), 100);
}

TEST(SandboxAcquirer, TimeoutCardIsSlowThenApproves) {
  FakeClock clock(kNow);
  SandboxAcquirer acquirer(clock, SandboxOptions{100, 3000, 1000});  // the defaults plus delay_ms
  EXPECT_EQ(SandboxOptions{}.timeout_card_delay_ms, 3000u);
  Outcome o;
  const auto elapsed = time_of([&] { o = acquirer.authorize(hold("4000000000001018")); });
  EXPECT_GE(elapsed.count(), 3095);
  EXPECT_TRUE(o.approved);
  EXPECT_EQ(o.response_code, "00");
  // Only authorize is slow: the hold is captured at the ordinary delay.
  EXPECT_LT(time_of([&] { EXPECT_TRUE(acquirer.capture(follow(o.acquirer_reference, 1000, "MYR")).approved); }).count(),
            2000);
}

TEST(SandboxAcquirer, ConcurrentUse) {
  FakeClock clock(kNow);
  SandboxAcquirer acquirer(clock, SandboxOptions{});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 300;
  std::vector<std::vector<std::string>> refs(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const Outcome held = acquirer.authorize(hold(i % 2 ? "4444333322221111" : "378282246310005", 1000));
        // amex needs its 4-digit CVC: the odd rows use the visa card, the even ones expect an error.
        if (i % 2 == 0) {
          if (held.decline != R::invalid_card_data) ++failures;
          AuthorizeRequest amex = hold("378282246310005", 1000);
          amex.card.cvc = "1234";
          const Outcome ok = acquirer.authorize(amex);
          if (!ok.approved) ++failures;
          refs[t].push_back(ok.acquirer_reference);
          if (!acquirer.release(follow(ok.acquirer_reference)).approved) ++failures;
          continue;
        }
        if (!held.approved) ++failures;
        refs[t].push_back(held.acquirer_reference);
        if (!acquirer.capture(follow(held.acquirer_reference, 800, "MYR")).approved) ++failures;
        if (!acquirer.refund(follow(held.acquirer_reference, 500, "MYR")).approved) ++failures;
        if (acquirer.refund(follow(held.acquirer_reference, 301, "MYR")).approved) ++failures;
        if (!acquirer.refund(follow(held.acquirer_reference, 300, "MYR")).approved) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> unique;
  for (const auto& v : refs) unique.insert(v.begin(), v.end());
  EXPECT_EQ(unique.size(), std::size_t{kThreads} * kPerThread);
  EXPECT_EQ(acquirer.remembered_authorizations(), std::size_t{kThreads} * kPerThread);
}

}  // namespace
