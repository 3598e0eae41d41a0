#include "engine/billing/billing_reads.hpp"

#include "engine/ids.hpp"

namespace tender::engine::billing {

namespace {
bool owned(const Caller& caller, const std::string& company_id, bool is_test) {
  return company_id == caller.company_id && is_test == caller.is_test;
}
}  // namespace

std::optional<BillingTemplate> find_template(store::ReadView& view, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  auto r = view.get(kTemplateKind, id);
  if (!r) return std::nullopt;
  return template_from_record(*r);
}

std::optional<BillingTemplate> find_template(store::ReadView& view, const Caller& caller, const std::string& id) {
  auto t = find_template(view, id);
  if (!t || !owned(caller, t->company_id, t->is_test)) return std::nullopt;
  return t;
}

std::optional<Subscriber> find_subscriber(store::ReadView& view, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  auto r = view.get(kSubscriberKind, id);
  if (!r) return std::nullopt;
  return subscriber_from_record(*r);
}

std::optional<Subscriber> find_subscriber(store::ReadView& view, const Caller& caller, const std::string& template_id,
                                          const std::string& id) {
  auto s = find_subscriber(view, id);
  if (!s || s->template_id != template_id || !owned(caller, s->company_id, s->is_test)) return std::nullopt;
  return s;
}

}  // namespace tender::engine::billing
