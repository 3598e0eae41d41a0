// Billing templates: create, read, list, replace (PUT), delete.
#include "engine/billing/billing_commands.hpp"
#include "engine/billing/billing_reads.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/mode_scoped_list.hpp"

namespace tender::engine::billing {

namespace {

// Once a template has subscribers its schedule is theirs: only the due period and
// subscription_active may change (the provider's rule).
void refuse_frozen_changes(const BillingTemplate& stored, const BillingTemplate& input) {
  const auto& a = stored.subscription;
  const auto& b = input.subscription;
  auto frozen = [](const char* field) {
    return billing_field_error(field, "This field can't be changed once the billing template has subscribers.");
  };
  if (a.period.count != b.period.count) throw frozen("subscription_period");
  if (a.period.unit != b.period.unit) throw frozen("subscription_period_units");
  if (a.charge_period_end != b.charge_period_end) throw frozen("subscription_charge_period_end");
  if (a.trial_periods != b.trial_periods) throw frozen("subscription_trial_periods");
}

// A template is checked as a purchase of it would be: brand, currency, totals, payment methods.
void check_purchase_of(PurchaseCommands& purchases, const Caller& caller, const BillingTemplate& t) {
  NewPurchase check = purchase_of(t);
  purchases.prepare(caller, check);
}

}  // namespace

BillingTemplate BillingCommands::create_template(const Caller& caller, BillingTemplate t) {
  check_purchase_of(purchases_, caller, t);

  t.id = new_id();
  t.company_id = caller.company_id;
  t.is_test = caller.is_test;
  t.subscriber_count = 0;
  t.created_on = t.updated_on = services_.clock.now_seconds();
  auto record = template_record(t);
  services_.store.write([&](store::WriteTxn& tx) {
    auto r = record;
    tx.put(r, 0);
    t.version = r.version;
  });
  return t;
}

BillingTemplate BillingCommands::get_template(const Caller& caller, const std::string& id) {
  auto view = services_.store.read();
  auto t = find_template(*view, caller, id);
  if (!t) throw not_found();
  return *t;
}

Page<BillingTemplate> BillingCommands::list_templates(const Caller& caller, const PageRequest& page) {
  store::ListQuery q;
  q.kind = kTemplateKind;
  q.company_id = caller.company_id;
  q.after_created_on = page.after_created_on;
  q.after_id = page.after_id;
  Page<BillingTemplate> out;
  out.items = list_of_mode<BillingTemplate>(*services_.store.read(), q, page.limit,
                                            [&](const store::Record& r) -> std::optional<BillingTemplate> {
                                              auto t = template_from_record(r);
                                              if (t.is_test != caller.is_test) return std::nullopt;
                                              return t;
                                            });
  if (out.items.size() > page.limit) {
    out.items.resize(page.limit);
    out.has_more = true;
  }
  return out;
}

BillingTemplate BillingCommands::replace_template(const Caller& caller, const std::string& id, BillingTemplate input) {
  auto stored = get_template(caller, id);
  if (input.is_subscription != stored.is_subscription)
    throw billing_field_error("is_subscription", "This field can't be changed once the billing template is created.");
  if (stored.has_subscribers()) refuse_frozen_changes(stored, input);
  check_purchase_of(purchases_, caller, input);

  BillingTemplate result;
  services_.store.write([&](store::WriteTxn& tx) {
    auto current = find_template(tx, caller, id);
    if (!current) throw not_found();
    if (current->has_subscribers()) refuse_frozen_changes(*current, input);  // a subscriber may have come meanwhile
    BillingTemplate t = input;
    t.id = current->id;
    t.company_id = current->company_id;
    t.is_test = current->is_test;
    t.subscriber_count = current->subscriber_count;
    t.created_on = current->created_on;
    t.updated_on = services_.clock.now_seconds();
    auto record = template_record(t);
    tx.put(record, current->version);
    t.version = record.version;
    result = std::move(t);
  });
  return result;
}

void BillingCommands::delete_template(const Caller& caller, const std::string& id) {
  // Its subscribers stop at their next billing (subscription_renewal.cpp): a template with
  // thousands of subscribers is deleted in one bounded write.
  services_.store.write([&](store::WriteTxn& tx) {
    if (!find_template(tx, caller, id)) throw not_found();
    tx.remove(kTemplateKind, id);
  });
}

}  // namespace tender::engine::billing
