#pragma once
// The sandbox acquirer's table of test cards and the error codes it answers with. The same
// tables are documented for merchants in docs/test-cards.md; keep the two in step.
#include <span>
#include <string_view>

namespace tender::connectors::sandbox {

enum class Behaviour {
  approve,        // approves (after 3-D Secure when enrolled)
  decline,        // declines authorize with TestCard::error_code
  slow_approve,   // the "timeout" card: answers authorize only after a long delay, then approves
  acs_fails,      // enrolled; authorize fails with 3ds_authentication_failed unless result "Y"
  capture_fails,  // authorize approves, every capture fails with acquirer_internal_error
  refund_fails,   // authorize and capture approve, every refund fails (exceeded_acquirer_refund_amount)
};

struct TestCard {
  std::string_view pan;      // bare digits
  std::string_view cvc;      // the only CVC accepted
  std::string_view country;  // issuing country
  bool enrolled;             // 3-D Secure enrolled
  Behaviour behaviour;
  std::string_view error_code;  // Behaviour::decline only
};

// Every test card, in documentation order.
std::span<const TestCard> test_cards();

// The test card with this PAN, or nullptr (any other valid number fails authorization).
const TestCard* find_test_card(std::string_view pan);

// An error code the sandbox can answer with, its message (worded as in the Collect API's list of
// attempt error codes) and the ISO 8583 response code sent with it.
struct ErrorInfo {
  std::string_view code;
  std::string_view message;
  std::string_view response_code;
};

std::span<const ErrorInfo> error_codes();

// The entry for code; unknown codes get general_transaction_error's message and response "06".
ErrorInfo error_info(std::string_view code);

}  // namespace tender::connectors::sandbox
