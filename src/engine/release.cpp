// Release: a hold is given back whole; no money moves.
#include "engine/errors.hpp"
#include "engine/intent_result.hpp"
#include "engine/ledger.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

Purchase LifecycleCommands::release(const Caller& caller, const std::string& id) {
  auto open = [](PurchaseWriter& w, Intent& intent) {
    const auto& p = w.purchase();
    if (!is_releasable(p.status))
      throw EngineError(ErrorKind::invalid_state, "purchase_release_error",
                        "Only a purchase in status 'hold' can be released (status is '" + std::string(to_string(p.status)) + "').");
    intent.operation = PendingOperation::release;
    intent.amount_minor = p.total_minor;
  };
  auto call = [](connectors::Connector& c, const Purchase& p) {
    return c.release({p.intent.id, p.transaction_data.processing_tx_id, p.intent.amount_minor, p.currency});
  };
  return follow_up(caller, id, "purchase_release_error", open, call);
}

void record_release(const EngineServices&, PurchaseWriter& w, const Intent& intent, const connectors::Outcome& outcome,
                    std::int64_t now) {
  if (!outcome.approved) return abandon_pending_status(w, now);
  auto& p = w.purchase();
  w.apply(Operation::release_succeed, now);
  w.tx().post(release_postings(p, intent.amount_minor, now));
  p.payment.reset();  // the hold is gone; nothing was paid
  disarm_timer(w.tx(), p.id, "hold_expiry");
}

}  // namespace tender::engine
