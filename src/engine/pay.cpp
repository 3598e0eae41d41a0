// A card payment by the payer: 3-D Secure enrollment (and challenge), then the authorization
// under an intent.
#include <algorithm>

#include "cards/card_number.hpp"
#include "engine/errors.hpp"
#include "engine/operation_guard.hpp"
#include "engine/payment_commands.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

// The card as the attempt shows it: never the PAN or the CVC.
bj::object displayed_card(const connectors::CardData& card) {
  return bj::object{{"masked_pan", cards::mask_pan(card.pan)},
                    {"expiry_month", card.expiry_month},
                    // Two digits, as the provider shows it: its plugins prepend "20" (chip-for-woocommerce).
                    {"expiry_year", card.expiry_year % 100},
                    {"cardholder_name", card.cardholder_name},
                    {"card_brand", std::string(cards::to_string(cards::detect_scheme(card.pan)))}};
}

// A card the merchant's payment_method_whitelist allows (every card when it names none).
bool whitelisted(const Purchase& p, const connectors::CardData& card) {
  const auto& methods = p.payment_method_whitelist;
  const std::string scheme(cards::to_string(cards::detect_scheme(card.pan)));
  return methods.empty() || std::find(methods.begin(), methods.end(), scheme) != methods.end();
}

}  // namespace

PayResult pay_result(Purchase p, const connectors::Outcome& outcome) {
  PayResult r;
  r.purchase = std::move(p);
  r.outcome = outcome.approved ? PayOutcome::succeeded : PayOutcome::failed;
  if (outcome.decline) r.error_code = std::string(connectors::to_string(*outcome.decline));
  r.error_message = outcome.message;
  return r;
}

Intent payment_intent(const Purchase& p, const CardPayment& payment) {
  Intent intent;
  intent.operation = PendingOperation::execute;
  intent.amount_minor = p.total_minor;
  intent.flow = payment.flow;
  intent.client_ip = payment.client_ip;
  intent.three_ds = payment.three_ds_result == "Y";
  intent.card = displayed_card(payment.card);
  return intent;
}

connectors::AuthorizeRequest authorize_request(const Purchase& p, const Intent& intent, const CardPayment& payment) {
  connectors::AuthorizeRequest request;
  request.operation_id = intent.id;
  request.amount_minor = intent.amount_minor;
  request.currency = p.currency;
  request.card = payment.card;
  request.capture = !p.skip_capture;
  request.verify_only = p.is_preauthorization();
  request.three_ds_result = payment.three_ds_result;
  request.wallet_cryptogram = payment.wallet_cryptogram;
  return request;
}

void check_payable(const Purchase& p, std::int64_t now) {
  if (p.intent.open() || is_in_flight(p.status))
    throw EngineError(ErrorKind::conflict, "payment_in_progress", "A payment for this purchase is already being processed.");
  if (is_paid_like(p.status))
    throw EngineError(ErrorKind::invalid_state, "purchase_already_paid_for", "Purchase is already paid for");
  if (p.due_strict && p.due && now > *p.due)
    throw EngineError(ErrorKind::invalid_state, "purchase_expired", "Purchase is past its due time and can no longer be paid.");
  if (!is_payable(p.status))
    throw EngineError(ErrorKind::invalid_state, "purchase_not_payable",
                      "Purchase in status '" + std::string(to_string(p.status)) + "' cannot be paid.");
  refuse_if_no_attempt_left(p, "purchase_not_payable");  // an open intent was refused above
}

PayResult PaymentCommands::pay_with_card(const std::string& purchase_id, CardPayment payment) {
  auto p = find(purchase_id);
  if (!p) throw not_found();
  check_payable(*p, services_.clock.now_seconds());
  if (!whitelisted(*p, payment.card))
    return record_failure(purchase_id, payment.flow, payment.client_ip,
                          std::string(connectors::to_string(connectors::DeclineReason::not_permitted)),
                          "This card's scheme is not among the purchase's payment methods (payment_method_whitelist).");
  auto* connector = services_.connector_for_payment(*p);
  if (!connector)
    return record_failure(purchase_id, payment.flow, payment.client_ip,
                          std::string(connectors::to_string(connectors::DeclineReason::no_connector)),
                          std::string(connectors::default_message(connectors::DeclineReason::no_connector)));
  if (payment.three_ds_result.empty()) {
    auto enrollment = connector->check_enrollment(payment.card);
    if (enrollment.invalid)
      return record_failure(purchase_id, payment.flow, payment.client_ip, std::string(connectors::to_string(*enrollment.invalid)),
                            enrollment.message.empty() ? std::string(connectors::default_message(*enrollment.invalid))
                                                       : enrollment.message);
    if (enrollment.enrolled) {
      PayResult r;
      r.outcome = PayOutcome::challenge;
      r.purchase = *p;
      r.challenge_id = challenges_.add(PendingChallenge{purchase_id, payment.card, payment.remember_card, payment.flow,
                                                        payment.client_ip, {}, p->company_id,
                                                        payment.fails_purchase_when_unanswered});
      return r;
    }
  }
  return authorize(*p, *connector, std::move(payment));
}

PayResult PaymentCommands::complete_challenge(const std::string& purchase_id, const std::string& challenge_id,
                                              bool authenticated) {
  auto c = challenges_.take(purchase_id, challenge_id);
  if (!c) throw not_found();
  CardPayment payment{c->card, c->remember_card, c->flow, c->client_ip, authenticated ? "Y" : "N", ""};
  auto p = find(purchase_id);
  if (!p) throw not_found();
  check_payable(*p, services_.clock.now_seconds());
  auto* connector = services_.connector_for_payment(*p);
  if (!connector) throw EngineError(ErrorKind::unavailable, "no_connector", "No acquirer is configured for this payment.");
  return authorize(*p, *connector, std::move(payment));
}

ResultExtras PaymentCommands::extras_for(const Purchase& p, const CardPayment& payment) const {
  ResultExtras extras;
  // Sealing is CPU work: done here, never inside a transaction.
  if (payment.remember_card || p.force_recurring || p.is_preauthorization())
    extras.sealed_card = services_.vault.seal(payment.card);
  return extras;
}

PayResult PaymentCommands::authorize(const Purchase& purchase, connectors::Connector& connector, CardPayment payment) {
  ResultExtras extras = extras_for(purchase, payment);
  auto open = [&](PurchaseWriter& w, Intent& intent) {
    check_payable(w.purchase(), services_.clock.now_seconds());
    intent = payment_intent(w.purchase(), payment);
  };
  auto call = [payment](connectors::Connector& c, const Purchase& p) {
    return c.authorize(authorize_request(p, p.intent, payment));
  };
  // The sandbox without its delay answers in this process: one transaction, as pay_now (the
  // request is asked about with the intent it will have, but for the intent's id).
  const bool at_once = connector.answers_at_once(authorize_request(purchase, payment_intent(purchase, payment), payment));
  auto call_result = at_once ? calls_.run_at_once(system_caller(purchase), purchase.id, connector, open, call, extras)
                             : calls_.run(system_caller(purchase), purchase.id, connector, open, call, std::move(extras));
  if (call_result.outcome) return pay_result(std::move(call_result.purchase), *call_result.outcome);
  PayResult result;
  result.purchase = std::move(call_result.purchase);
  const Status s = result.purchase.status;
  result.outcome = is_in_flight(s) ? PayOutcome::pending : is_paid_like(s) ? PayOutcome::succeeded : PayOutcome::failed;
  return result;
}

}  // namespace tender::engine
