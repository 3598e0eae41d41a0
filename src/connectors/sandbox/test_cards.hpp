#pragma once
// The sandbox acquirer's table of test cards. The same table is documented for merchants in
// docs/test-cards.md; keep the two in step. How the sandbox words each decline (response code,
// message) is in sandbox_responses.hpp.
#include <optional>
#include <span>
#include <string_view>

#include "connectors/decline_reason.hpp"

namespace tender::connectors::sandbox {

enum class Behaviour {
  approve,        // approves (after 3-D Secure when enrolled)
  decline,        // declines authorize with TestCard::decline
  slow_approve,   // the "timeout" card: answers authorize only after a long delay, then approves
  acs_fails,      // enrolled; authorize fails with authentication_failed unless result "Y"
  capture_fails,  // authorize approves, every capture fails with acquirer_error
  refund_fails,   // authorize and capture approve, every refund fails with refund_limit_exceeded
};

struct TestCard {
  std::string_view pan;      // bare digits
  std::string_view cvc;      // the only CVC accepted
  std::string_view country;  // issuing country
  std::string_view card_type;  // "credit" or "debit", as the issuer's BIN table says
  bool enrolled;             // 3-D Secure enrolled
  Behaviour behaviour;
  std::optional<DeclineReason> decline;  // Behaviour::decline only
};

// Every test card, in documentation order.
std::span<const TestCard> test_cards();

// The test card with this PAN, or nullptr (any other valid number fails authorization).
const TestCard* find_test_card(std::string_view pan);

}  // namespace tender::connectors::sandbox
