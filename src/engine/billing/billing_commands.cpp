// What every billing operation shares: the purchase a template issues to a client, and where a
// subscriber's schedule bills.
#include "engine/billing/billing_commands.hpp"

#include "engine/client_commands.hpp"
#include "engine/errors.hpp"
#include "json/access.hpp"

namespace tender::engine::billing {

BillingCommands::BillingCommands(EngineServices& services, PurchaseCommands& purchases, LifecycleCommands& lifecycle)
    : services_(services), purchases_(purchases), lifecycle_(lifecycle) {}

std::int64_t billing_instant(const Subscription& s, std::int64_t anchor, std::int64_t index) {
  return period_start(anchor, s.period, index);
}

std::int64_t first_billing_index(const Subscription& s) {
  if (s.charge_period_end) return s.trial_periods + 1;
  return s.trial_periods > 0 ? s.trial_periods : 1;
}

Purchase write_sent(store::WriteTxn& tx, const Caller& caller, Purchase p, std::int64_t now) {
  insert_purchase(tx, p);
  PurchaseWriter w(tx, caller, p.id);
  w.apply(Operation::send, now);
  w.save();
  return w.purchase();
}

void save_subscriber(store::WriteTxn& tx, Subscriber& s) {
  auto record = subscriber_record(s);
  tx.put(record, s.version);
  s.version = record.version;
}

void schedule_billing(store::WriteTxn& tx, Subscriber& s, const Subscription& plan, std::int64_t index) {
  s.next_index = index;
  if (index > kMaxPeriodIndex) {
    s.status = SubscriberStatus::inactive;
    s.next_billing_at.reset();
    disarm_timer(tx, s.id, kBillingTimer);
    return;
  }
  s.next_billing_at = billing_instant(plan, s.anchor, index);
  arm_timer(tx, s.id, s.company_id, kBillingTimer, *s.next_billing_at);
}

EngineError billing_field_error(const std::string& field, const std::string& message) {
  return EngineError(ErrorKind::invalid_input, "invalid", message, field);
}

NewPurchase purchase_of(const BillingTemplate& t) {
  NewPurchase np;
  np.brand_id = t.brand_id;
  np.details = t.purchase.details;
  np.currency = t.purchase.currency;
  np.lines = t.purchase.lines;
  np.debt_minor = t.purchase.debt_minor;
  np.total_override = t.purchase.total_override;
  np.due_strict = json::flag(t.purchase.details, "due_strict");
  np.force_recurring = t.force_recurring || t.is_subscription;  // a subscriber's card is saved for renewals
  if (!t.is_subscription) {
    np.skip_capture = t.invoice_skip_capture;
    np.send_receipt = t.invoice_send_receipt;
  }
  return np;
}

Purchase BillingCommands::prepare_purchase(store::WriteTxn& tx, const Caller& caller, const BillingTemplate& t,
                                           const std::string& client_id, const std::vector<std::string>& whitelist,
                                           std::int64_t now) {
  ClientCommands clients(services_.store, services_.clock);
  auto client = clients.find(tx, caller, client_id);
  if (!client) throw EngineError(ErrorKind::invalid_input, "invalid", "No client with this ID.", "client_id");
  NewPurchase np = purchase_of(t);
  np.client = client->details;
  np.payment_method_whitelist = whitelist;
  if (!t.id.empty()) np.billing_template_id = t.id;
  if (t.is_subscription) {
    np.due = period_start(now, t.subscription.due_period, 1);
    np.product = "billing_subscriptions";
  } else {
    np.due = t.invoice_due;
    np.issued = t.invoice_issued.value_or("");
    np.product = "billing_invoices";
  }
  Purchase p = purchases_.prepare(caller, np);
  p.client_id = client->id;
  return p;
}

}  // namespace tender::engine::billing
