#include "connectors/sandbox/sandbox_responses.hpp"

#include "crypto/random.hpp"

namespace tender::connectors::sandbox {
namespace {

using R = DeclineReason;

constexpr SandboxResponse kResponses[] = {
    // Card data validation (no network).
    {R::invalid_card_number, "14", "Invalid card number"},
    {R::invalid_expiry, "30", "Invalid expires"},
    {R::expired_card, "54", "Expired card"},
    {R::invalid_card_data, "N7", "Invalid card data provided"},
    {R::invalid_amount, "13", "Invalid amount"},
    // Issuer declines.
    {R::insufficient_funds, "51", "Insufficient funds"},
    {R::do_not_honour, "05", "Do not honour (the transaction was declined by the Issuer without definition or reason)."},
    {R::stolen_card, "43", "Stolen card"},
    {R::lost_card, "41", "Lost card"},
    {R::restricted_card, "62", "Restricted card"},
    {R::withdrawal_limit, "61", "Exceeds withdrawal limit"},
    {R::account_limit, "65", "Exceeded account limit"},
    {R::suspected_fraud, "59", "Decline, suspected fraud"},
    {R::issuer_unavailable, "91", "Issuer Not Available"},
    {R::not_permitted, "57", "Transaction not permitted to cardholder"},
    {R::invalid_issuer, "15", "No such issuer (the Issuer number is not valid)."},
    {R::security_violation, "63", "Security violation"},
    {R::authorization_failed, "05", "Payment authorization failed"},
    // Acquirer risk rules (Outcome::blocked()).
    {R::fraud_rules, "34", "Decline, fraud"},
    {R::blacklisted, "93", "Blacklisted transaction: blocked (general)"},
    // 3-D Secure.
    {R::authentication_required, "1A", "3-D Secure authentication required"},
    {R::authentication_failed, "05", "3DS authentication failed"},
    // Acquirer and follow-up operations.
    {R::acquirer_error, "96", "Acquirer internal error"},
    {R::refund_limit_exceeded, "13", "Exceeded refundable amount defined by acquirer"},
    {R::unrecognized, "06", "Unrecognized transaction error"},
};

constexpr std::size_t kStanDigits = 6;
constexpr std::size_t kRrnDigits = 12;
constexpr std::size_t kAuthCodeDigits = 6;

}  // namespace

std::span<const SandboxResponse> sandbox_responses() { return kResponses; }

SandboxResponse sandbox_response(DeclineReason reason) {
  for (const auto& r : kResponses)
    if (r.reason == reason) return r;
  return kResponses[std::size(kResponses) - 1];
}

Outcome decline(DeclineReason reason, bool network, std::int64_t now) {
  const SandboxResponse response = sandbox_response(reason);
  Outcome out;
  out.decline = reason;
  out.message = std::string(response.message);
  out.response_code = std::string(response.response_code);
  if (network) {
    out.stan = crypto::random_digits(kStanDigits);
    out.rrn = crypto::random_digits(kRrnDigits);
  }
  out.processing_time = now;
  return out;
}

Outcome approval(const Hold& hold, std::int64_t now) {
  Outcome out;
  out.approved = true;
  out.response_code = "00";
  out.stan = crypto::random_digits(kStanDigits);
  out.rrn = crypto::random_digits(kRrnDigits);
  out.acquirer_reference = hold.reference;
  out.scheme = hold.scheme;
  out.country = hold.country;
  out.card_type = hold.card_type;
  out.processing_time = now;
  return out;
}

Outcome authorization_approval(const Hold& hold, std::int64_t now) {
  Outcome out = approval(hold, now);
  out.auth_code = crypto::random_digits(kAuthCodeDigits);
  return out;
}

}  // namespace tender::connectors::sandbox
