// Invoices of one-time templates: send_invoice (a saved template, one client) and POST /billing/
// (a template given inline, several clients, nothing saved but the purchases). Each purchase is
// written as created and then sent, with both events, in the transaction that checks its client.
#include "engine/billing/billing_commands.hpp"
#include "engine/billing/billing_reads.hpp"
#include "engine/errors.hpp"
#include "util/invariant.hpp"

namespace tender::engine::billing {

namespace {

EngineError not_for_subscriptions() {
  return EngineError(ErrorKind::invalid_input, "invalid",
                     "Invoices are sent from billing templates with is_subscription false; subscription templates "
                     "bill through add_subscriber.",
                     "is_subscription");
}

}  // namespace

Purchase BillingCommands::send_invoice(const Caller& caller, const std::string& template_id, const Recipient& to) {
  Purchase result;
  services_.store.write([&](store::WriteTxn& tx) {
    auto t = find_template(tx, caller, template_id);
    if (!t) throw not_found();
    if (t->is_subscription) throw not_for_subscriptions();
    const auto now = services_.clock.now_seconds();
    result = write_sent(tx, caller, prepare_purchase(tx, caller, *t, to.client_id, to.payment_method_whitelist, now), now);
  });
  return result;
}

std::vector<Purchase> BillingCommands::send_invoices(const Caller& caller, BillingTemplate input,
                                                     const std::vector<Recipient>& to) {
  if (input.is_subscription) throw not_for_subscriptions();
  TENDER_ASSERT(!to.empty() && to.size() <= kMaxRecipientsPerCall, "billing_recipients_bounded", "{} recipients",
                to.size());
  input.id.clear();  // not saved: the purchases name no template
  std::vector<Purchase> result;
  services_.store.write([&](store::WriteTxn& tx) {
    result.clear();  // the PostgreSQL store may run this again
    const auto now = services_.clock.now_seconds();
    for (std::size_t i = 0; i < to.size(); ++i) {
      try {
        auto p = prepare_purchase(tx, caller, input, to[i].client_id, to[i].payment_method_whitelist, now);
        result.push_back(write_sent(tx, caller, std::move(p), now));
      } catch (const EngineError& e) {
        if (e.field() != "client_id") throw;
        throw EngineError(e.kind(), e.code(), e.what(), "clients." + std::to_string(i) + ".client_id");
      }
    }
  });
  return result;
}

}  // namespace tender::engine::billing
