#include "api/collect/billing_json.hpp"

#include "money/product_total.hpp"
#include "util/utc_time.hpp"

namespace tender::api::collect {

namespace bj = boost::json;

namespace {

template <class T>
bj::value nullable(const std::optional<T>& v) {
  return v ? bj::value(*v) : bj::value(nullptr);
}

bj::value whitelist_json(const std::vector<std::string>& methods) {
  if (methods.empty()) return nullptr;
  bj::array out;
  for (const auto& m : methods) out.push_back(bj::string(m));
  return out;
}

}  // namespace

bj::object template_json(const engine::billing::BillingTemplate& t, const std::string& currency) {
  bj::object purchase = t.purchase.details;
  purchase["currency"] = currency;
  const auto totals = money::purchase_totals(t.purchase.lines, t.purchase.debt_minor, t.purchase.total_override);
  purchase["total"] = totals.total_minor;
  purchase["debt"] = t.purchase.debt_minor;
  const auto& s = t.subscription;
  const bool sub = t.is_subscription;
  // The fields of the other kind of template are shown as their defaults (the provider's read-only).
  return bj::object{
      {"type", "billing_template"},
      {"id", t.id},
      {"created_on", t.created_on},
      {"updated_on", t.updated_on},
      {"purchase", std::move(purchase)},
      {"company_id", t.company_id},
      {"is_test", t.is_test},
      {"user_id", nullptr},
      {"brand_id", t.brand_id},
      {"title", t.title},
      {"is_subscription", sub},
      {"invoice_issued", sub ? bj::value(nullptr) : nullable(t.invoice_issued)},
      {"invoice_due", sub ? bj::value(nullptr) : nullable(t.invoice_due)},
      {"invoice_skip_capture", !sub && t.invoice_skip_capture},
      {"invoice_send_receipt", !sub && t.invoice_send_receipt},
      {"subscription_period", sub ? s.period.count : 1},
      {"subscription_period_units", sub ? bj::value(engine::billing::to_string(s.period.unit)) : bj::value(nullptr)},
      {"subscription_due_period", sub ? s.due_period.count : 7},
      {"subscription_due_period_units", engine::billing::to_string(sub ? s.due_period.unit : engine::billing::PeriodUnit::days)},
      {"subscription_charge_period_end", sub && s.charge_period_end},
      {"subscription_trial_periods", sub ? s.trial_periods : 0},
      {"subscription_active", sub && s.active},
      {"subscription_has_active_clients", sub && t.has_subscribers()},
      {"force_recurring", t.force_recurring},
      {"number_of_billing_cycles", sub ? s.number_of_billing_cycles : 0},
  };
}

bj::object subscriber_json(const engine::billing::Subscriber& s) {
  return bj::object{
      {"type", "billing_template_client"},
      {"id", s.id},
      {"created_on", s.created_on},
      {"updated_on", s.updated_on},
      {"client_id", s.client_id},
      {"status", engine::billing::to_string(s.status)},
      {"subscription_billing_scheduled_on",
       s.next_billing_at ? bj::value(util::utc_time(*s.next_billing_at, "%Y-%m-%d")) : bj::value(nullptr)},
      {"payment_method_whitelist", whitelist_json(s.payment_method_whitelist)},
      {"send_invoice_on_charge_failure", s.send_invoice_on_charge_failure},
      {"send_invoice_on_add_subscriber", s.send_invoice_on_add_subscriber},
      {"send_receipt", s.send_receipt},
      {"number_of_billing_cycles_passed", s.cycles_passed},
  };
}

}  // namespace tender::api::collect
