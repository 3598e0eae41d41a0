// Pay now: create a purchase and pay it in one command, for dialects whose request carries the
// card (S2S v1/v2, Orders purchase/authorize). The 3-D Secure decision is the engine's: an
// enrolled card needs a challenge, and a dialect that cannot send the payer to one gets a failed
// payment that says so.
//
// With a connector that answers at once in this process (the sandbox without its delay) the
// purchase, its payment attempt, status changes, ledger postings, events and saved card are one
// store transaction: one durable write per payment, everything serialized before the writer.
// Every other case takes the three phases (intent, call, result) on a purchase written first.
#include "connectors/decline_reason.hpp"
#include "engine/ids.hpp"
#include "engine/payment_commands.hpp"
#include "engine/staged_write.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

std::optional<PayResult> PaymentCommands::pay_at_once(Purchase& p, CardPayment& payment) {
  auto* connector = services_.connector_for_payment(p);
  if (!connector) return std::nullopt;
  Intent intent = payment_intent(p, payment);
  intent.id = new_id();
  intent.since = services_.clock.now_seconds();
  intent.connector = std::string(connector->name());
  auto request = authorize_request(p, intent, payment);
  if (!connector->answers_at_once(request)) return std::nullopt;
  auto enrollment = connector->check_enrollment(payment.card);
  if (enrollment.invalid || enrollment.enrolled) return std::nullopt;  // recorded or challenged by the phased path
  ResultExtras extras = extras_for(p, payment);
  connectors::Outcome outcome;
  try {
    outcome = connector->authorize(request);
  } catch (const std::exception&) {
    outcome = connectors::Outcome::declined(connectors::DeclineReason::connection_error);
  }
  // Everything is built and serialized here, on the request's thread; the writer only replays.
  StagedWrite staged;
  PurchaseWriter w(staged, std::move(p));
  w.queue_event("purchase.created");
  if (w.purchase().due) arm_timer(staged, w.purchase(), "due", *w.purchase().due);
  w.purchase().intent = std::move(intent);
  record_result(services_, w, outcome, services_.clock.now_seconds(), extras);
  w.save();
  services_.store.write([&](store::WriteTxn& tx) { staged.replay(tx); });
  return pay_result(std::move(w.purchase()), outcome);
}

PayResult PaymentCommands::pay_now(const Caller& caller, PayNow command) {
  if (!command.purchase.client_id) {
    auto prepared = purchases_.prepare(caller, command.purchase);
    if (auto done = pay_at_once(prepared, command.payment)) return *done;
    const std::string id = prepared.id;
    purchases_.insert(std::move(prepared));
    return finish_pay_now(id, command);
  }
  auto purchase = purchases_.create(caller, std::move(command.purchase));
  return finish_pay_now(purchase.id, command);
}

PayResult PaymentCommands::finish_pay_now(const std::string& purchase_id, PayNow& command) {
  const std::string flow = command.payment.flow;
  const std::string client_ip = command.payment.client_ip;
  command.payment.fails_purchase_when_unanswered = command.can_redirect_to_challenge;
  auto result = pay_with_card(purchase_id, std::move(command.payment));
  if (result.outcome != PayOutcome::challenge || command.can_redirect_to_challenge) return result;
  challenges_.take(purchase_id, result.challenge_id);  // nobody will answer it: drop the card now
  auto failed = record_failure(purchase_id, flow, client_ip,
                               std::string(connectors::to_string(connectors::DeclineReason::authentication_required)),
                               command.challenge_refusal_message);
  failed.outcome = PayOutcome::challenge_refused;
  return failed;
}

}  // namespace tender::engine
