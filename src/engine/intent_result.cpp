#include "engine/intent_result.hpp"

#include "json/access.hpp"
#include "util/invariant.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

std::string attempt_type(const Purchase& p, const Intent& intent) {
  if (intent.operation == PendingOperation::execute) return p.skip_capture ? "authorize" : "execute";
  return std::string(to_string(intent.operation));
}

// The payer's attempt (execute): the card as shown, from the intent.
void describe_payment(Attempt& a, const Intent& intent, const connectors::Outcome& outcome) {
  a.payment_method = outcome.scheme.empty() ? json::text(intent.card, "card_brand") : outcome.scheme;
  a.extra = bj::object{{"masked_pan", intent.card.contains("masked_pan") ? intent.card.at("masked_pan") : bj::value("")},
                       {"three_d_secure", intent.three_ds}};
  for (const auto& [k, v] : intent.card)
    if (k != "masked_pan") a.extra[k] = v;
  a.country = outcome.country;
  a.client_ip = intent.client_ip;
  a.flow = intent.flow;
}

// A merchant's follow-up (capture, release, refund, charge): the payment's card, the amount.
void describe_follow_up(Attempt& a, const Purchase& p, const Intent& intent, const connectors::Outcome& outcome) {
  a.payment_method = p.transaction_data.payment_method.empty() ? outcome.scheme : p.transaction_data.payment_method;
  a.extra = p.transaction_data.extra;
  a.extra["amount"] = intent.amount_minor;
  a.country = p.transaction_data.country;
  a.flow = "api";
}

}  // namespace

void add_acquirer_details(bj::object& extra, const connectors::Outcome& outcome) {
  extra["auth_code"] = outcome.auth_code;
  extra["rrn"] = outcome.rrn;
  extra["stan"] = outcome.stan;
  extra["response_code"] = outcome.response_code;
  // The issuing country, under the name the provider's plugins read (chip-for-woocommerce).
  if (!outcome.country.empty()) extra["card_issuer_country"] = outcome.country;
  // Credit or debit, read by chip-for-woocommerce (saved card's card_type) and chip-for-opencart.
  if (!outcome.card_type.empty()) extra["card_type"] = outcome.card_type;
}

void set_payment(Purchase& p, const std::string& type, std::int64_t amount, std::int64_t fee, std::int64_t now) {
  if (!p.payment) p.payment = Payment{};
  p.payment->payment_type = type;
  p.payment->amount_minor = amount;
  p.payment->currency = p.currency;
  p.payment->fee_amount_minor = fee;
  p.payment->net_amount_minor = amount - fee;
  p.payment->pending_amount_minor = 0;
  p.payment->paid_on = now;
  p.payment->remote_paid_on = now;
}

void abandon_pending_status(PurchaseWriter& w, std::int64_t now) {
  if (auto undo = abandon_operation(w.purchase().status, w.purchase().refunded_minor > 0)) w.apply(*undo, now);
}

void record_result(const EngineServices& services, PurchaseWriter& w, const connectors::Outcome& outcome,
                   std::int64_t now, const ResultExtras& extras) {
  auto& p = w.purchase();
  TENDER_ASSERT(p.intent.open(), "result_has_intent", "purchase {}: an answer recorded with no intent open", p.id);
  TENDER_ASSERT(outcome.approved != outcome.decline.has_value(), "outcome_approved_or_declined",
                "purchase {}: an answer that is neither approved nor declined", p.id);
  const Intent intent = std::move(p.intent);
  p.intent = Intent{};

  Attempt a;
  a.type = attempt_type(p, intent);
  a.successful = outcome.approved;
  if (intent.operation == PendingOperation::execute) describe_payment(a, intent, outcome);
  else describe_follow_up(a, p, intent, outcome);
  add_acquirer_details(a.extra, outcome);
  a.processing_time = now;
  if (outcome.decline) a.error = AttemptError{std::string(connectors::to_string(*outcome.decline)), outcome.message};
  p.transaction_data.attempts.push_back(std::move(a));

  switch (intent.operation) {
    case PendingOperation::execute: return record_execute(services, w, intent, outcome, now, extras);
    case PendingOperation::capture: return record_capture(services, w, intent, outcome, now);
    case PendingOperation::release: return record_release(services, w, intent, outcome, now);
    case PendingOperation::refund: return record_refund(services, w, intent, outcome, now);
    case PendingOperation::charge: return record_charge(services, w, intent, outcome, now);
    case PendingOperation::none: break;
  }
}

}  // namespace tender::engine
