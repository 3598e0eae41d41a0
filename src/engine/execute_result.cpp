// The answer to a payer's authorization: paid, held or verified (preauthorization), with its
// payment, ledger postings and saved card; or failed / blocked.
#include "engine/billing/billing_commands.hpp"
#include "engine/intent_result.hpp"
#include "engine/ledger.hpp"
#include "engine/recurring_tokens.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

namespace {

Operation approval_operation(const Purchase& p) {
  return p.is_preauthorization() ? Operation::preauthorize_succeed
         : p.skip_capture        ? Operation::hold_succeed
                                 : Operation::execute_succeed;
}

// The payment object and ledger postings of an approved authorization.
void book_payment(const EngineServices& services, PurchaseWriter& w, std::int64_t now) {
  auto& p = w.purchase();
  if (p.is_preauthorization()) return;  // card verified, no money moved: nothing for the ledger
  Payment m;
  m.payment_type = "purchase";
  m.amount_minor = p.total_minor;
  m.currency = p.currency;
  m.paid_on = now;
  m.remote_paid_on = now;
  if (p.skip_capture) {
    m.pending_amount_minor = p.total_minor;  // a hold: nothing is the merchant's yet
    p.payment = m;
    w.tx().post(hold_postings(p, p.total_minor, now));
    arm_timer(w.tx(), p, "hold_expiry", now + services.options.hold_expiry_seconds);
    return;
  }
  m.fee_amount_minor = fee_for(services.fees_of(p), p.total_minor);
  m.net_amount_minor = p.total_minor - m.fee_amount_minor;
  p.payment = m;
  p.captured_minor = p.total_minor;
  w.tx().post(payment_postings(p, p.total_minor, m.fee_amount_minor, now));
}

}  // namespace

void record_execute(const EngineServices& services, PurchaseWriter& w, const Intent& intent,
                    const connectors::Outcome& outcome, std::int64_t now, const ResultExtras& extras) {
  auto& p = w.purchase();
  p.transaction_data.flow = intent.flow;
  if (!outcome.approved) return w.apply(outcome.blocked() ? Operation::execute_block : Operation::execute_fail, now);
  const Attempt& attempt = p.transaction_data.attempts.back();
  p.transaction_data.payment_method = attempt.payment_method;
  p.transaction_data.processing_tx_id = outcome.acquirer_reference;
  p.transaction_data.extra = attempt.extra;
  p.transaction_data.country = outcome.country;
  p.connector = intent.connector;
  w.apply(approval_operation(p), now);
  book_payment(services, w, now);
  disarm_timer(w.tx(), p.id, "due");
  if (extras.sealed_card) {
    p.is_recurring_token = true;
    save_card(w.tx(), p, *extras.sealed_card, now);
  }
  billing::record_subscription_payment(w.tx(), p, now);
}

}  // namespace tender::engine
