// Pay now: create a purchase and pay it in one command, for dialects whose request carries the
// card (S2S v1/v2, Orders purchase/authorize). The 3-D Secure decision is the engine's: an
// enrolled card needs a challenge, and a dialect that cannot send the payer to one gets a failed
// payment that says so.
#include "connectors/decline_reason.hpp"
#include "engine/payment_commands.hpp"

namespace tender::engine {

PayResult PaymentCommands::pay_now(const Caller& caller, PayNow command) {
  auto purchase = purchases_.create(caller, std::move(command.purchase));
  const std::string flow = command.payment.flow;
  const std::string client_ip = command.payment.client_ip;
  auto result = pay_with_card(purchase.id, std::move(command.payment));
  if (result.outcome != PayOutcome::challenge || command.can_redirect_to_challenge) return result;
  challenges_.take(purchase.id, result.challenge_id);  // nobody will answer it: drop the card now
  auto failed = record_failure(purchase.id, flow, client_ip,
                               std::string(connectors::to_string(connectors::DeclineReason::authentication_required)),
                               command.challenge_refusal_message);
  failed.outcome = PayOutcome::challenge_refused;
  return failed;
}

}  // namespace tender::engine
