// Subscribers of a subscription template: add (with the first purchase when billing starts
// today), read, list, and PATCH (pause / resume, flags); and what a paid subscription purchase
// does to its subscriber.
#include "engine/billing/billing_commands.hpp"
#include "engine/billing/billing_reads.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"

namespace tender::engine::billing {

AddedSubscriber BillingCommands::add_subscriber(const Caller& caller, const std::string& template_id, NewSubscriber in) {
  AddedSubscriber result;
  services_.store.write([&](store::WriteTxn& tx) {
    auto t = find_template(tx, caller, template_id);
    if (!t) throw not_found();
    if (!t->is_subscription)
      throw billing_field_error("is_subscription",
                        "Subscribers are added to billing templates with is_subscription true; one-time templates "
                        "use send_invoice.");
    if (t->subscriber_count >= static_cast<std::int64_t>(kMaxSubscribersPerTemplate))
      throw EngineError(ErrorKind::invalid_input, "limit_reached",
                        "This billing template has reached its limit of " + std::to_string(kMaxSubscribersPerTemplate) +
                            " subscribers.");
    const auto now = services_.clock.now_seconds();
    Subscriber s;
    s.id = new_id();
    s.company_id = caller.company_id;
    s.template_id = t->id;
    s.is_test = caller.is_test;
    s.payment_method_whitelist = in.payment_method_whitelist;
    s.send_invoice_on_charge_failure = in.send_invoice_on_charge_failure;
    s.send_invoice_on_add_subscriber = in.send_invoice_on_add_subscriber;
    s.send_receipt = in.send_receipt;
    s.created_on = s.updated_on = now;
    const auto& plan = t->subscription;
    std::optional<Purchase> first;
    if (plan.trial_periods == 0 && !plan.charge_period_end) {
      // Billing starts today: the first purchase, paid by the subscriber at checkout, activates it.
      auto p = prepare_purchase(tx, caller, *t, in.client_id, s.payment_method_whitelist, now);
      p.subscriber_id = s.id;
      p.send_receipt = s.send_receipt;
      s.client_id = *p.client_id;
      s.status = SubscriberStatus::pending;
      s.first_purchase_id = p.id;
      if (s.send_invoice_on_add_subscriber) {
        first = write_sent(tx, caller, std::move(p), now);
      } else {
        insert_purchase(tx, p);
        first = std::move(p);
      }
    } else {
      // A trial, or billing at the period's end: active now, billed later.
      // The purchase a billing would issue, checked now (client, payment methods) and not written.
      s.client_id = prepare_purchase(tx, caller, *t, in.client_id, s.payment_method_whitelist, now).client_id.value();
      s.status = SubscriberStatus::active;
      s.anchor = now;
      schedule_billing(tx, s, plan, first_billing_index(plan));
    }
    save_subscriber(tx, s);
    t->subscriber_count += 1;
    auto record = template_record(*t);
    tx.put(record, t->version);
    result = AddedSubscriber{s, first};
  });
  return result;
}

Page<Subscriber> BillingCommands::list_subscribers(const Caller& caller, const std::string& template_id,
                                                   const PageRequest& page) {
  auto view = services_.store.read();
  if (!find_template(*view, caller, template_id)) throw not_found();
  store::ListQuery q;
  q.kind = kSubscriberKind;
  q.company_id = caller.company_id;
  q.statuses = {template_id};  // the record's status column holds its template (subscriber.hpp)
  q.after_created_on = page.after_created_on;
  q.after_id = page.after_id;
  q.limit = page.limit + 1;
  Page<Subscriber> out;
  for (const auto& r : view->list(q)) out.items.push_back(subscriber_from_record(r));
  if (out.items.size() > page.limit) {
    out.items.resize(page.limit);
    out.has_more = true;
  }
  return out;
}

Subscriber BillingCommands::get_subscriber(const Caller& caller, const std::string& template_id, const std::string& id) {
  auto view = services_.store.read();
  if (!find_template(*view, caller, template_id)) throw not_found();
  auto s = find_subscriber(*view, caller, template_id, id);
  if (!s) throw not_found();
  return *s;
}

Subscriber BillingCommands::update_subscriber(const Caller& caller, const std::string& template_id,
                                              const std::string& id, const SubscriberChange& change) {
  Subscriber result;
  services_.store.write([&](store::WriteTxn& tx) {
    auto t = find_template(tx, caller, template_id);
    auto s = t ? find_subscriber(tx, caller, template_id, id) : std::nullopt;
    if (!s) throw not_found();
    const auto now = services_.clock.now_seconds();
    if (change.status && *change.status != s->status) {
      const bool settable = s->status == SubscriberStatus::active || s->status == SubscriberStatus::subscription_paused;
      if (!settable)
        throw billing_field_error("status", "The status of a subscriber that is " + std::string(to_string(s->status)) +
                                        " can't be changed; only active and subscription_paused are switched.");
      s->status = *change.status;
      if (s->status == SubscriberStatus::active) {
        // Resumed: no catch-up. Periods that started while paused are skipped.
        std::int64_t index = s->next_index;
        while (index <= kMaxPeriodIndex && billing_instant(t->subscription, s->anchor, index) < now) ++index;
        schedule_billing(tx, *s, t->subscription, index);
      }
    }
    if (change.payment_method_whitelist) s->payment_method_whitelist = *change.payment_method_whitelist;
    if (change.send_invoice_on_charge_failure) s->send_invoice_on_charge_failure = *change.send_invoice_on_charge_failure;
    if (change.send_invoice_on_add_subscriber) s->send_invoice_on_add_subscriber = *change.send_invoice_on_add_subscriber;
    if (change.send_receipt) s->send_receipt = *change.send_receipt;
    s->updated_on = now;
    save_subscriber(tx, *s);
    result = *s;
  });
  return result;
}

void record_subscription_payment(store::WriteTxn& tx, const Purchase& p, std::int64_t now) {
  if (!p.subscriber_id) return;
  auto s = find_subscriber(tx, *p.subscriber_id);
  if (!s) return;
  if (p.is_recurring_token) s->recurring_token = p.id;  // the card renewals are charged with from now on
  if (s->status == SubscriberStatus::pending && s->first_purchase_id == p.id) {
    auto t = find_template(tx, s->template_id);
    s->cycles_passed = 1;
    if (!t || (t->subscription.number_of_billing_cycles > 0 && t->subscription.number_of_billing_cycles <= 1)) {
      s->status = SubscriberStatus::inactive;  // its template is gone, or this payment was its only cycle
    } else {
      s->status = SubscriberStatus::active;
      s->anchor = now;  // the subscription runs from the day of payment
      schedule_billing(tx, *s, t->subscription, first_billing_index(t->subscription));
    }
  }
  s->updated_on = now;
  save_subscriber(tx, *s);
}

}  // namespace tender::engine::billing
