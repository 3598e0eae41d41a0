// What the payer's pages read of a purchase, and the `view` it records on the first visit.
#include <boost/json.hpp>

#include "engine/payment_commands.hpp"

namespace tender::engine {

PaymentCommands::PaymentCommands(EngineServices& services, AcquirerCalls& calls, PurchaseCommands& purchases)
    : services_(services), calls_(calls), purchases_(purchases), challenges_(services.store, services.vault, services.clock) {}

std::optional<Purchase> PaymentCommands::find(const std::string& purchase_id) {
  auto view = services_.store.read();
  return find_purchase(*view, purchase_id);
}

void PaymentCommands::mark_viewed(const std::string& purchase_id) {
  auto p = find(purchase_id);
  if (!p || p->viewed_on) return;
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, system_caller(*p), purchase_id);
    if (w.purchase().viewed_on) return;
    auto now = services_.clock.now_seconds();
    w.purchase().viewed_on = now;
    if (w.allows(Operation::view)) w.apply(Operation::view, now);  // only from created/sent; otherwise just the timestamp
    w.save();
  });
}

bool PaymentCommands::can_pay(const Purchase& p) const {
  return is_payable(p.status) && !p.intent.open() && !(p.due_strict && p.due && services_.clock.now_seconds() > *p.due);
}

std::optional<std::string> PaymentCommands::challenge_card(const std::string& purchase_id, const std::string& challenge_id) {
  return challenges_.masked_pan(purchase_id, challenge_id);
}

}  // namespace tender::engine
