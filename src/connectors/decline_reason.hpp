#pragma once
// Why an acquirer (or the engine on its behalf) did not approve an operation, in words of no
// dialect: each connector maps its acquirer's answers onto these, and each dialect maps these
// onto its own codes (Collect: attempt error codes; S2S: ERROR3xxx; Orders: messages). The names
// are stored on purchase attempts: never rename one, only add.
#include <optional>
#include <span>
#include <string_view>

namespace tender::connectors {

enum class DeclineReason {
  // Card data the acquirer refused before any network (number, expiry, CVC, amount).
  invalid_card_number, invalid_expiry, expired_card, invalid_card_data, invalid_amount,
  // The issuer's answers.
  insufficient_funds, do_not_honour, stolen_card, lost_card, restricted_card, withdrawal_limit,
  account_limit, suspected_fraud, issuer_unavailable, not_permitted, invalid_issuer, security_violation,
  authorization_failed,
  // The acquirer's risk rules: the engine reports status `blocked` for these two.
  fraud_rules, blacklisted,
  // 3-D Secure.
  authentication_required, authentication_failed,
  // The acquirer itself, and follow-up operations.
  acquirer_error, refund_limit_exceeded, unrecognized,
  // Not an acquirer answer: the engine's own outcomes of a call.
  connection_error,  // the connector threw: no answer at all
  status_unknown,    // an intent left by a crash, and the acquirer does not know it either
  no_connector,      // no connector is configured for the purchase's company, brand and mode
};

inline constexpr DeclineReason kAllDeclineReasons[] = {
    DeclineReason::invalid_card_number, DeclineReason::invalid_expiry,      DeclineReason::expired_card,
    DeclineReason::invalid_card_data,   DeclineReason::invalid_amount,      DeclineReason::insufficient_funds,
    DeclineReason::do_not_honour,       DeclineReason::stolen_card,         DeclineReason::lost_card,
    DeclineReason::restricted_card,     DeclineReason::withdrawal_limit,    DeclineReason::account_limit,
    DeclineReason::suspected_fraud,     DeclineReason::issuer_unavailable,  DeclineReason::not_permitted,
    DeclineReason::invalid_issuer,      DeclineReason::security_violation,  DeclineReason::authorization_failed,
    DeclineReason::fraud_rules,         DeclineReason::blacklisted,         DeclineReason::authentication_required,
    DeclineReason::authentication_failed, DeclineReason::acquirer_error,    DeclineReason::refund_limit_exceeded,
    DeclineReason::unrecognized,        DeclineReason::connection_error,    DeclineReason::status_unknown,
    DeclineReason::no_connector,
};

// Snake-case name, identical to the enumerator; this is what attempts store.
std::string_view to_string(DeclineReason reason);
std::optional<DeclineReason> decline_reason_from_string(std::string_view name);

// Stopped by risk rules (status `blocked`) rather than declined (status `error`).
bool is_blocking(DeclineReason reason);

// A default English message, for connectors that have none of their own.
std::string_view default_message(DeclineReason reason);

}  // namespace tender::connectors
