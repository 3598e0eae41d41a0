#include "connectors/sandbox/test_cards.hpp"

namespace tender::connectors::sandbox {
namespace {

using R = DeclineReason;

constexpr TestCard kCards[] = {
    // Approving cards from the specification (seeds 000, 002, 003).
    {"4444333322221111", "123", "MY", "debit", false, Behaviour::approve, {}},
    {"5555555555554444", "123", "GB", "credit", true, Behaviour::approve, {}},
    {"5200000000001005", "100", "SG", "debit", false, Behaviour::approve, {}},
    // Approving cards of the other schemes.
    {"378282246310005", "1234", "US", "credit", false, Behaviour::approve, {}},
    {"3530111333300000", "123", "US", "credit", false, Behaviour::approve, {}},
    {"6200000000000005", "123", "US", "debit", false, Behaviour::approve, {}},
    {"6011111111111117", "123", "US", "credit", false, Behaviour::approve, {}},
    {"30569309025904", "123", "US", "credit", false, Behaviour::approve, {}},
    // Declines: 4000 0000 0000 0NNC, NN = row number, C = Luhn check digit.
    {"4000000000000010", "123", "US", "credit", false, Behaviour::decline, R::insufficient_funds},
    {"4000000000000028", "123", "US", "credit", false, Behaviour::decline, R::do_not_honour},
    {"4000000000000036", "123", "US", "credit", false, Behaviour::decline, R::stolen_card},
    {"4000000000000044", "123", "US", "credit", false, Behaviour::decline, R::lost_card},
    {"4000000000000051", "123", "US", "credit", false, Behaviour::decline, R::restricted_card},
    {"4000000000000069", "123", "US", "credit", false, Behaviour::decline, R::withdrawal_limit},
    {"4000000000000077", "123", "US", "credit", false, Behaviour::decline, R::account_limit},
    {"4000000000000085", "123", "US", "credit", false, Behaviour::decline, R::suspected_fraud},
    {"4000000000000093", "123", "US", "credit", false, Behaviour::decline, R::issuer_unavailable},
    {"4000000000000101", "123", "US", "credit", false, Behaviour::decline, R::not_permitted},
    {"4000000000000119", "123", "US", "credit", false, Behaviour::decline, R::invalid_issuer},
    {"4000000000000127", "123", "US", "credit", false, Behaviour::decline, R::security_violation},
    {"4000000000000135", "123", "US", "credit", false, Behaviour::decline, R::expired_card},
    {"4000000000000143", "123", "US", "credit", false, Behaviour::decline, R::authorization_failed},
    {"4000000000000150", "123", "US", "credit", false, Behaviour::decline, R::fraud_rules},
    {"4000000000000168", "123", "US", "credit", false, Behaviour::decline, R::blacklisted},
    {"4000000000000176", "123", "US", "credit", false, Behaviour::decline, R::acquirer_error},
    // Scenarios: 4000 0000 0000 1NNC.
    {"4000000000001018", "123", "US", "credit", false, Behaviour::slow_approve, {}},
    {"4000000000001026", "123", "US", "credit", true, Behaviour::acs_fails, {}},
    {"4000000000001034", "123", "US", "credit", false, Behaviour::capture_fails, {}},
    {"4000000000001042", "123", "US", "credit", false, Behaviour::refund_fails, {}},
};

}  // namespace

std::span<const TestCard> test_cards() { return kCards; }

const TestCard* find_test_card(std::string_view pan) {
  for (const auto& card : kCards)
    if (card.pan == pan) return &card;
  return nullptr;
}

}  // namespace tender::connectors::sandbox
