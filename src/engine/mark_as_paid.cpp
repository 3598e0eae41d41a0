// Mark as paid: the merchant says the purchase was paid outside Tender. No money moves here, so
// nothing is posted, captured or refundable.
#include "engine/errors.hpp"
#include "engine/intent_result.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

Purchase LifecycleCommands::mark_as_paid(const Caller& caller, const std::string& id, std::optional<std::int64_t> paid_on) {
  Purchase result;
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    auto& p = w.purchase();
    if (p.intent.open())
      throw EngineError(ErrorKind::invalid_state, "purchase_mark_as_paid_error", "A payment for this purchase is in progress.");
    if (!w.allows(Operation::mark_as_paid))
      throw EngineError(ErrorKind::invalid_state, "purchase_mark_as_paid_error",
                        "A purchase in status '" + std::string(to_string(p.status)) + "' cannot be marked as paid.");
    auto now = services_.clock.now_seconds();
    w.apply(Operation::mark_as_paid, now);
    p.marked_as_paid = true;
    set_payment(p, "custom", p.total_minor, 0, paid_on.value_or(now));
    disarm_timer(tx, p.id, "due");
    w.save();
    result = p;
  });
  return result;
}

}  // namespace tender::engine
