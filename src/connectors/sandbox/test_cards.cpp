#include "connectors/sandbox/test_cards.hpp"

namespace tender::connectors::sandbox {
namespace {

constexpr TestCard kCards[] = {
    // Approving cards from the specification (seeds 000, 002, 003).
    {"4444333322221111", "123", "MY", false, Behaviour::approve, ""},
    {"5555555555554444", "123", "GB", true, Behaviour::approve, ""},
    {"5200000000001005", "100", "SG", false, Behaviour::approve, ""},
    // Approving cards of the other schemes.
    {"378282246310005", "1234", "US", false, Behaviour::approve, ""},
    {"3530111333300000", "123", "US", false, Behaviour::approve, ""},
    {"6200000000000005", "123", "US", false, Behaviour::approve, ""},
    {"6011111111111117", "123", "US", false, Behaviour::approve, ""},
    {"30569309025904", "123", "US", false, Behaviour::approve, ""},
    // Declines: 4000 0000 0000 0NNC, NN = row number, C = Luhn check digit.
    {"4000000000000010", "123", "US", false, Behaviour::decline, "insufficient_funds"},
    {"4000000000000028", "123", "US", false, Behaviour::decline, "do_not_honour"},
    {"4000000000000036", "123", "US", false, Behaviour::decline, "stolen_card"},
    {"4000000000000044", "123", "US", false, Behaviour::decline, "lost_card"},
    {"4000000000000051", "123", "US", false, Behaviour::decline, "restricted_card"},
    {"4000000000000069", "123", "US", false, Behaviour::decline, "exceeds_withdrawal_limit"},
    {"4000000000000077", "123", "US", false, Behaviour::decline, "exceeded_account_limit"},
    {"4000000000000085", "123", "US", false, Behaviour::decline, "suspected_fraud"},
    {"4000000000000093", "123", "US", false, Behaviour::decline, "issuer_not_available"},
    {"4000000000000101", "123", "US", false, Behaviour::decline, "transaction_not_permitted_to_cardholder"},
    {"4000000000000119", "123", "US", false, Behaviour::decline, "invalid_issuer_number"},
    {"4000000000000127", "123", "US", false, Behaviour::decline, "security_violation"},
    {"4000000000000135", "123", "US", false, Behaviour::decline, "expired_card"},
    {"4000000000000143", "123", "US", false, Behaviour::decline, "authorization_failed"},
    {"4000000000000150", "123", "US", false, Behaviour::decline, "antifraud_general"},
    {"4000000000000168", "123", "US", false, Behaviour::decline, "blacklisted_tx"},
    {"4000000000000176", "123", "US", false, Behaviour::decline, "acquirer_internal_error"},
    // Scenarios: 4000 0000 0000 1NNC.
    {"4000000000001018", "123", "US", false, Behaviour::slow_approve, ""},
    {"4000000000001026", "123", "US", true, Behaviour::acs_fails, ""},
    {"4000000000001034", "123", "US", false, Behaviour::capture_fails, ""},
    {"4000000000001042", "123", "US", false, Behaviour::refund_fails, ""},
};

constexpr ErrorInfo kErrors[] = {
    // Data validation (no network).
    {"invalid_card_number", "Invalid card number", "14"},
    {"invalid_expires", "Invalid expires", "30"},
    {"expired_card", "Expired card", "54"},
    {"invalid_card_data", "Invalid card data provided", "N7"},
    {"invalid_amount", "Invalid amount", "13"},
    // Issuer declines.
    {"insufficient_funds", "Insufficient funds", "51"},
    {"do_not_honour",
     "Do not honour (the transaction was declined by the Issuer without definition or reason).", "05"},
    {"stolen_card", "Stolen card", "43"},
    {"lost_card", "Lost card", "41"},
    {"restricted_card", "Restricted card", "62"},
    {"exceeds_withdrawal_limit", "Exceeds withdrawal limit", "61"},
    {"exceeded_account_limit", "Exceeded account limit", "65"},
    {"suspected_fraud", "Decline, suspected fraud", "59"},
    {"issuer_not_available", "Issuer Not Available", "91"},
    {"transaction_not_permitted_to_cardholder", "Transaction not permitted to cardholder", "57"},
    {"invalid_issuer_number", "No such issuer (the Issuer number is not valid).", "15"},
    {"security_violation", "Security violation", "63"},
    {"authorization_failed", "Payment authorization failed", "05"},
    // Acquirer risk rules (the engine's `blocked`).
    {"antifraud_general", "Decline, fraud", "34"},
    {"blacklisted_tx", "Blacklisted transaction: blocked (general)", "93"},
    // 3-D Secure.
    {"3ds_required", "3-D Secure authentication required", "1A"},
    {"3ds_authentication_failed", "3DS authentication failed", "05"},
    // Acquirer and follow-up operations.
    {"acquirer_internal_error", "Acquirer internal error", "96"},
    {"exceeded_acquirer_refund_amount", "Exceeded refundable amount defined by acquirer", "13"},
    {"general_transaction_error", "Unrecognized transaction error", "06"},
};

}  // namespace

std::span<const TestCard> test_cards() { return kCards; }

const TestCard* find_test_card(std::string_view pan) {
  for (const auto& card : kCards)
    if (card.pan == pan) return &card;
  return nullptr;
}

std::span<const ErrorInfo> error_codes() { return kErrors; }

ErrorInfo error_info(std::string_view code) {
  for (const auto& e : kErrors)
    if (e.code == code) return e;
  return kErrors[std::size(kErrors) - 1];
}

}  // namespace tender::connectors::sandbox
