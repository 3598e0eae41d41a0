// Resend invoice (chip-php-sdk resendInvoice(): POST /purchases/{id}/resend_invoice/): the invoice
// of a purchase that can still be paid is sent again. Tender sends no e-mail (docs/billing.md):
// what is recorded is the status, so a purchase never sent becomes `sent` (purchase.sent), and one
// already sent, viewed, overdue or with a failed attempt is answered as it is.
#include "engine/errors.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/state_machine.hpp"

namespace tender::engine {

Purchase LifecycleCommands::resend_invoice(const Caller& caller, const std::string& id) {
  Purchase result;
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    auto& p = w.purchase();
    if (p.intent.open())
      throw EngineError(ErrorKind::invalid_state, "purchase_resend_invoice_error", "A payment for this purchase is in progress.");
    if (!is_payable(p.status))
      throw EngineError(ErrorKind::invalid_state, "purchase_resend_invoice_error",
                        "A purchase in status '" + std::string(to_string(p.status)) + "' has no invoice left to pay.");
    if (w.allows(Operation::send)) {
      w.apply(Operation::send, services_.clock.now_seconds());
      w.save();
    }
    result = p;
  });
  return result;
}

}  // namespace tender::engine
