#include "api/collect/attempt_error_codes.hpp"

#include "connectors/decline_reason.hpp"

namespace tender::api::collect {

namespace {

using connectors::DeclineReason;

struct CodeOf {
  DeclineReason reason;
  std::string_view code;
};

constexpr CodeOf kCodes[] = {
    {DeclineReason::invalid_card_number, "invalid_card_number"},
    {DeclineReason::invalid_expiry, "invalid_expires"},
    {DeclineReason::expired_card, "expired_card"},
    {DeclineReason::invalid_card_data, "invalid_card_data"},
    {DeclineReason::invalid_amount, "invalid_amount"},
    {DeclineReason::insufficient_funds, "insufficient_funds"},
    {DeclineReason::do_not_honour, "do_not_honour"},
    {DeclineReason::stolen_card, "stolen_card"},
    {DeclineReason::lost_card, "lost_card"},
    {DeclineReason::restricted_card, "restricted_card"},
    {DeclineReason::withdrawal_limit, "exceeds_withdrawal_limit"},
    {DeclineReason::account_limit, "exceeded_account_limit"},
    {DeclineReason::suspected_fraud, "suspected_fraud"},
    {DeclineReason::issuer_unavailable, "issuer_not_available"},
    {DeclineReason::not_permitted, "transaction_not_permitted_to_cardholder"},
    {DeclineReason::invalid_issuer, "invalid_issuer_number"},
    {DeclineReason::security_violation, "security_violation"},
    {DeclineReason::authorization_failed, "authorization_failed"},
    {DeclineReason::fraud_rules, "antifraud_general"},
    {DeclineReason::blacklisted, "blacklisted_tx"},
    {DeclineReason::authentication_required, "3ds_required"},
    {DeclineReason::authentication_failed, "3ds_authentication_failed"},
    {DeclineReason::acquirer_error, "acquirer_internal_error"},
    {DeclineReason::refund_limit_exceeded, "exceeded_acquirer_refund_amount"},
    {DeclineReason::unrecognized, "general_transaction_error"},
    {DeclineReason::connection_error, "acquirer_connection_error"},
    {DeclineReason::status_unknown, "timeout_acquirer_status_check"},
    {DeclineReason::no_connector, "no_matching_terminal"},
};
static_assert(std::size(kCodes) == std::size(connectors::kAllDeclineReasons), "every reason has a Collect code");

}  // namespace

std::string attempt_error_code(std::string_view stored_code) {
  if (auto reason = connectors::decline_reason_from_string(stored_code))
    for (const auto& c : kCodes)
      if (c.reason == *reason) return std::string(c.code);
  return std::string(stored_code);
}

}  // namespace tender::api::collect
