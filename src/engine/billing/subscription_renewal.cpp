// The clock's work for subscriptions. A subscriber's billing timer fires at the start (or end) of
// each period: in one transaction it issues that period's purchase, counts the cycle and arms the
// next billing, so a crash leaves either the period not billed and its timer armed, or billed
// once and the next one armed; never twice, never skipped. A purchase issued to a subscriber with
// a saved card gets a charge timer; the charge (LifecycleCommands::charge) disarms it in the
// transaction that opens its intent, so a crash before the acquirer call retries it and one after
// it is resolved by intent recovery. A declined renewal becomes an invoice (status sent, event
// purchase.subscription_charge_failure) when the subscriber asked for it.
#include <spdlog/spdlog.h>

#include "engine/billing/billing_commands.hpp"
#include "engine/billing/billing_reads.hpp"
#include "engine/errors.hpp"

namespace tender::engine::billing {

namespace {

constexpr std::int64_t kBusyRetrySeconds = 5;

void end_subscription(store::WriteTxn& tx, Subscriber& s) {
  s.status = SubscriberStatus::inactive;
  s.next_billing_at.reset();
  disarm_timer(tx, s.id, kBillingTimer);
}

// A renewal that cannot be charged (declined, or no usable card): an invoice when the subscriber
// wants one, else a failed payment; the event is purchase.subscription_charge_failure either way.
void fail_renewal(PurchaseWriter& w, std::int64_t now) {
  const bool invoice = w.purchase().invoice_on_charge_failure && w.allows(Operation::charge_fail_invoice);
  if (invoice) w.purchase().product = "billing_subscriptions_invoice";
  w.apply(invoice ? Operation::charge_fail_invoice : Operation::charge_fail, now);
}

}  // namespace

void record_failed_renewal(PurchaseWriter& w, std::int64_t now) { fail_renewal(w, now); }

bool BillingCommands::fire_timer(const Timer& timer, std::int64_t now) {
  if (timer.type == kBillingTimer) return bill(timer, now);
  return charge(timer, now);
}

bool BillingCommands::bill(const Timer& timer, std::int64_t now) {
  bool changed = false;
  services_.store.write([&](store::WriteTxn& tx) {
    changed = false;
    auto s = find_subscriber(tx, timer.object_id);
    if (!s || (s->status != SubscriberStatus::active && s->status != SubscriberStatus::subscription_paused)) {
      disarm_timer(tx, timer.object_id, kBillingTimer);
      return;
    }
    changed = true;
    s->updated_on = now;
    auto t = find_template(tx, s->template_id);
    if (!t) {
      end_subscription(tx, *s);  // the template was deleted
      return save_subscriber(tx, *s);
    }
    const auto& plan = t->subscription;
    const bool paused = s->status == SubscriberStatus::subscription_paused || !plan.active;
    if (!paused) {
      const Caller caller{s->company_id, s->is_test, ""};
      std::optional<Purchase> issued;
      try {
        issued = prepare_purchase(tx, caller, *t, s->client_id, s->payment_method_whitelist, now);
      } catch (const EngineError& e) {
        // The client was deleted (or the template can no longer make a valid purchase): stop.
        spdlog::warn("subscriber {}: billing stopped: {}", s->id, e.what());
        end_subscription(tx, *s);
        return save_subscriber(tx, *s);
      }
      auto& p = *issued;
      p.subscriber_id = s->id;
      p.send_receipt = s->send_receipt;
      p.invoice_on_charge_failure = s->send_invoice_on_charge_failure;
      if (s->recurring_token) {
        insert_purchase(tx, p);
        arm_timer(tx, p, kChargeTimer, now);
      } else {
        p.product = "billing_subscriptions_invoice";  // no saved card yet: the subscriber pays by hand
        write_sent(tx, caller, std::move(p), now);
      }
      s->cycles_passed += 1;
    }
    if (plan.number_of_billing_cycles > 0 && s->cycles_passed >= plan.number_of_billing_cycles) {
      end_subscription(tx, *s);
      return save_subscriber(tx, *s);
    }
    // The next period, counted from the anchor (a period missed while the node was down is billed
    // at once, in order; one missed while paused was skipped when its timer fired).
    schedule_billing(tx, *s, plan, s->next_index + 1);
    save_subscriber(tx, *s);
  });
  return changed;
}

bool BillingCommands::charge(const Timer& timer, std::int64_t now) {
  std::optional<Purchase> p;
  std::optional<Subscriber> s;
  {
    auto view = services_.store.read();
    p = find_purchase(*view, timer.object_id);
    if (p && p->subscriber_id) s = find_subscriber(*view, *p->subscriber_id);
  }
  if (p && p->intent.open()) {  // the payer is paying it at this moment
    services_.store.write([&](store::WriteTxn& tx) { arm_timer(tx, *p, kChargeTimer, now + kBusyRetrySeconds); });
    return false;
  }
  if (!p || !is_chargeable(p->status)) {  // paid by hand meanwhile, cancelled...
    services_.store.write([&](store::WriteTxn& tx) { disarm_timer(tx, timer.object_id, kChargeTimer); });
    return false;
  }
  if (s && s->recurring_token) {
    try {
      lifecycle_.charge(system_caller(*p), p->id, *s->recurring_token);
      return true;
    } catch (const EngineError& e) {
      // Declined: recorded with the charge (record_charge). Refused before the acquirer (the token
      // was deleted, no connector...): the charge timer is still armed, and the renewal fails below.
      spdlog::info("subscription purchase {}: charge refused: {}", p->id, e.what());
    }
  }
  bool changed = false;
  services_.store.write([&](store::WriteTxn& tx) {
    changed = false;
    if (!tx.get(kTimerKind, timer.id)) return;  // the charge ran and recorded its answer
    disarm_timer(tx, timer.object_id, kChargeTimer);
    PurchaseWriter w(tx, system_caller(*p), p->id);
    if (w.purchase().intent.open() || !w.allows(Operation::charge_fail)) return;
    fail_renewal(w, now);
    w.save();
    changed = true;
  });
  return changed;
}

}  // namespace tender::engine::billing
