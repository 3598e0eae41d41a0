// Capture: a hold becomes a payment, whole or in part (the rest goes back to the payer).
#include "engine/errors.hpp"
#include "engine/intent_result.hpp"
#include "engine/ledger.hpp"
#include "engine/lifecycle_commands.hpp"

namespace tender::engine {

Purchase LifecycleCommands::capture(const Caller& caller, const std::string& id, std::optional<std::int64_t> amount) {
  auto open = [amount](PurchaseWriter& w, Intent& intent) {
    const auto& p = w.purchase();
    if (!is_capturable(p.status))
      throw EngineError(ErrorKind::invalid_state, "purchase_capture_error",
                        "Only a purchase in status 'hold' can be captured (status is '" + std::string(to_string(p.status)) + "').");
    intent.operation = PendingOperation::capture;
    intent.amount_minor = checked_amount(amount, p.total_minor, "held");
  };
  auto call = [](connectors::Connector& c, const Purchase& p) {
    return c.capture({p.intent.id, p.transaction_data.processing_tx_id, p.intent.amount_minor, p.currency});
  };
  return follow_up(caller, id, "purchase_capture_error", open, call);
}

void record_capture(const EngineServices& services, PurchaseWriter& w, const Intent& intent,
                    const connectors::Outcome& outcome, std::int64_t now) {
  if (!outcome.approved) return abandon_pending_status(w, now);
  auto& p = w.purchase();
  const std::int64_t captured = intent.amount_minor;
  const std::int64_t fee = fee_for(services.fees_of(p), captured);
  w.apply(Operation::capture_succeed, now);
  w.tx().post(capture_postings(p, p.total_minor, captured, fee, now));
  p.captured_minor = captured;
  set_payment(p, "purchase", captured, fee, now);
  // The hold's expiry timer stays armed: when it fires it finds the purchase no longer on hold and
  // removes itself (LifecycleCommands::fire_timer). Removing it here cost a capture about five
  // random page writes (the timer's row and its four index entries), more than the capture's own;
  // at expiry the timers go in the order they were armed, a few pages for many.
}

}  // namespace tender::engine
