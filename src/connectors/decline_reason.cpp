#include "connectors/decline_reason.hpp"

namespace tender::connectors {
namespace {

struct ReasonInfo {
  DeclineReason reason;
  std::string_view name;
  std::string_view message;
};

constexpr ReasonInfo kReasons[] = {
    {DeclineReason::invalid_card_number, "invalid_card_number", "Invalid card number"},
    {DeclineReason::invalid_expiry, "invalid_expiry", "Invalid expires"},
    {DeclineReason::expired_card, "expired_card", "Expired card"},
    {DeclineReason::invalid_card_data, "invalid_card_data", "Invalid card data provided"},
    {DeclineReason::invalid_amount, "invalid_amount", "Invalid amount"},
    {DeclineReason::insufficient_funds, "insufficient_funds", "Insufficient funds"},
    {DeclineReason::do_not_honour, "do_not_honour",
     "Do not honour (the transaction was declined by the Issuer without definition or reason)."},
    {DeclineReason::stolen_card, "stolen_card", "Stolen card"},
    {DeclineReason::lost_card, "lost_card", "Lost card"},
    {DeclineReason::restricted_card, "restricted_card", "Restricted card"},
    {DeclineReason::withdrawal_limit, "withdrawal_limit", "Exceeds withdrawal limit"},
    {DeclineReason::account_limit, "account_limit", "Exceeded account limit"},
    {DeclineReason::suspected_fraud, "suspected_fraud", "Decline, suspected fraud"},
    {DeclineReason::issuer_unavailable, "issuer_unavailable", "Issuer Not Available"},
    {DeclineReason::not_permitted, "not_permitted", "Transaction not permitted to cardholder"},
    {DeclineReason::invalid_issuer, "invalid_issuer", "No such issuer (the Issuer number is not valid)."},
    {DeclineReason::security_violation, "security_violation", "Security violation"},
    {DeclineReason::authorization_failed, "authorization_failed", "Payment authorization failed"},
    {DeclineReason::fraud_rules, "fraud_rules", "Decline, fraud"},
    {DeclineReason::blacklisted, "blacklisted", "Blacklisted transaction: blocked (general)"},
    {DeclineReason::authentication_required, "authentication_required", "3-D Secure authentication required"},
    {DeclineReason::authentication_failed, "authentication_failed", "3DS authentication failed"},
    {DeclineReason::acquirer_error, "acquirer_error", "Acquirer internal error"},
    {DeclineReason::refund_limit_exceeded, "refund_limit_exceeded", "Exceeded refundable amount defined by acquirer"},
    {DeclineReason::unrecognized, "unrecognized", "Unrecognized transaction error"},
    {DeclineReason::connection_error, "connection_error", "Acquirer connection error"},
    {DeclineReason::status_unknown, "status_unknown", "Timeout checking payment status with acquirer"},
    {DeclineReason::no_connector, "no_connector", "No matching terminal: no acquirer is configured for this payment."},
};
static_assert(std::size(kReasons) == std::size(kAllDeclineReasons), "every reason has a name and a message");

const ReasonInfo& info(DeclineReason reason) {
  for (const auto& r : kReasons)
    if (r.reason == reason) return r;
  return kReasons[std::size(kReasons) - 1];
}

}  // namespace

std::string_view to_string(DeclineReason reason) { return info(reason).name; }

std::optional<DeclineReason> decline_reason_from_string(std::string_view name) {
  for (const auto& r : kReasons)
    if (r.name == name) return r.reason;
  return std::nullopt;
}

bool is_blocking(DeclineReason reason) {
  return reason == DeclineReason::fraud_rules || reason == DeclineReason::blacklisted;
}

std::string_view default_message(DeclineReason reason) { return info(reason).message; }

}  // namespace tender::connectors
