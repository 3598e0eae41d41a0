#include "engine/billing/subscriber.hpp"

#include "json/access.hpp"

namespace tender::engine::billing {

namespace bj = boost::json;

std::optional<SubscriberStatus> subscriber_status_from_string(std::string_view text) {
  if (text == "pending") return SubscriberStatus::pending;
  if (text == "inactive") return SubscriberStatus::inactive;
  if (text == "active") return SubscriberStatus::active;
  if (text == "subscription_paused") return SubscriberStatus::subscription_paused;
  return std::nullopt;
}

std::string_view to_string(SubscriberStatus status) {
  switch (status) {
    case SubscriberStatus::pending: return "pending";
    case SubscriberStatus::inactive: return "inactive";
    case SubscriberStatus::active: return "active";
    case SubscriberStatus::subscription_paused: return "subscription_paused";
  }
  return "inactive";
}

store::Record subscriber_record(const Subscriber& s) {
  bj::array whitelist;
  for (const auto& m : s.payment_method_whitelist) whitelist.push_back(bj::string(m));
  auto optional = [](const auto& v) { return v ? bj::value(*v) : bj::value(nullptr); };
  bj::object body{
      {"client_id", s.client_id},
      {"is_test", s.is_test},
      {"status", to_string(s.status)},
      {"payment_method_whitelist", std::move(whitelist)},
      {"send_invoice_on_charge_failure", s.send_invoice_on_charge_failure},
      {"send_invoice_on_add_subscriber", s.send_invoice_on_add_subscriber},
      {"send_receipt", s.send_receipt},
      {"anchor", s.anchor},
      {"next_index", s.next_index},
      {"next_billing_at", optional(s.next_billing_at)},
      {"cycles_passed", s.cycles_passed},
      {"recurring_token", optional(s.recurring_token)},
      {"first_purchase_id", optional(s.first_purchase_id)},
      {"updated_on", s.updated_on},
  };
  return store::Record{kSubscriberKind, s.id, s.company_id, "", s.template_id, s.created_on, s.version,
                       bj::serialize(body)};
}

Subscriber subscriber_from_record(const store::Record& r) {
  const auto body = bj::parse(r.body).as_object();
  Subscriber s;
  s.id = r.id;
  s.company_id = r.company_id;
  s.template_id = r.status;
  s.created_on = r.created_on;
  s.version = r.version;
  s.client_id = json::text(body, "client_id");
  s.is_test = json::flag(body, "is_test");
  s.status = subscriber_status_from_string(json::text(body, "status")).value_or(SubscriberStatus::inactive);
  if (const auto* w = body.if_contains("payment_method_whitelist"); w && w->is_array())
    for (const auto& m : w->get_array())
      if (m.is_string()) s.payment_method_whitelist.emplace_back(m.get_string());
  s.send_invoice_on_charge_failure = json::flag(body, "send_invoice_on_charge_failure");
  s.send_invoice_on_add_subscriber = json::flag(body, "send_invoice_on_add_subscriber");
  s.send_receipt = json::flag(body, "send_receipt");
  s.anchor = json::integer(body, "anchor");
  s.next_index = json::integer(body, "next_index");
  s.next_billing_at = json::optional_integer(body, "next_billing_at");
  s.cycles_passed = json::integer(body, "cycles_passed");
  s.recurring_token = json::optional_text(body, "recurring_token");
  s.first_purchase_id = json::optional_text(body, "first_purchase_id");
  s.updated_on = json::integer(body, "updated_on");
  return s;
}

}  // namespace tender::engine::billing
