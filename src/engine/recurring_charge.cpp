// Recurring charge: an unpaid purchase is paid with the card saved on a recurring token, by the
// merchant (no CVC, no 3-D Secure).
#include "engine/billing/billing_commands.hpp"
#include "engine/errors.hpp"
#include "engine/intent_result.hpp"
#include "engine/ledger.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/operation_guard.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

namespace {

constexpr const char* kChargeError = "purchase_charge_error";

EngineError refused(const std::string& message) { return EngineError(ErrorKind::invalid_state, kChargeError, message); }

std::optional<connectors::CardData> token_card(const EngineServices& s, const Caller& caller, const std::string& token) {
  auto view = s.store.read();
  auto holder = load_purchase(*view, caller, token);
  if (!holder || !holder->is_recurring_token) return std::nullopt;
  return saved_card(*view, s.vault, caller, token);
}

}  // namespace

Purchase LifecycleCommands::charge(const Caller& caller, const std::string& id, const std::string& recurring_token) {
  auto target = load(caller, id);
  auto card = token_card(services_, caller, recurring_token);
  if (!card)
    throw EngineError(ErrorKind::invalid_input, "invalid_recurring_token", "No active recurring token with this ID.", "recurring_token");
  auto* connector = services_.connector_for_payment(target);
  if (!connector) throw refused(std::string(connectors::default_message(connectors::DeclineReason::no_connector)));
  auto open = [&](PurchaseWriter& w, Intent& intent) {
    const auto& p = w.purchase();
    refuse_if_busy(p, ErrorKind::invalid_state, kChargeError);
    if (is_paid_like(p.status)) throw refused("Purchase is already paid for");
    if (!is_chargeable(p.status))
      throw refused("A purchase in status '" + std::string(to_string(p.status)) + "' cannot be charged.");
    if (p.due_strict && p.due && services_.clock.now_seconds() > *p.due)
      throw refused("Purchase is past its due time and can no longer be paid.");
    // A charge billing scheduled is no longer due once one has started (subscription_renewal.cpp).
    disarm_timer(w.tx(), p.id, billing::kChargeTimer);
    intent.operation = PendingOperation::charge;
    intent.amount_minor = p.total_minor;
    intent.detail = recurring_token;
  };
  auto call = [card = *card](connectors::Connector& c, const Purchase& p) {
    connectors::AuthorizeRequest r;
    r.operation_id = p.intent.id;
    r.amount_minor = p.intent.amount_minor;
    r.currency = p.currency;
    r.card = card;
    r.capture = true;
    r.merchant_initiated = true;
    return c.authorize(r);
  };
  auto result = calls_.run(caller, id, *connector, open, call);
  if (result.outcome && !result.outcome->approved)
    throw refused(result.outcome->message.empty() ? "The acquirer refused the operation." : result.outcome->message);
  return result.purchase;
}

void record_charge(const EngineServices& services, PurchaseWriter& w, const Intent& intent,
                   const connectors::Outcome& outcome, std::int64_t now) {
  if (!outcome.approved) {
    if (w.purchase().subscriber_id) return billing::record_failed_renewal(w, now);
    return w.apply(Operation::charge_fail, now);
  }
  auto& p = w.purchase();
  const std::int64_t amount = intent.amount_minor;
  const std::int64_t fee = fee_for(services.fees_of(p), amount);
  w.apply(Operation::charge_succeed, now);
  w.tx().post(payment_postings(p, amount, fee, now));
  p.captured_minor = amount;
  p.recurring_token = intent.detail;
  p.connector = intent.connector;
  p.transaction_data.flow = "api";
  p.transaction_data.payment_method = outcome.scheme;
  p.transaction_data.processing_tx_id = outcome.acquirer_reference;
  p.transaction_data.country = outcome.country;
  set_payment(p, "purchase_charge", amount, fee, now);
  disarm_timer(w.tx(), p.id, "due");
  billing::record_subscription_payment(w.tx(), p, now);
}

}  // namespace tender::engine
