// Storage codec of the Purchase aggregate. Field names follow the aggregate, not any dialect.
#include <boost/json.hpp>

#include "engine/purchase.hpp"
#include "json/access.hpp"
#include "json/top_level_fields.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

using json::flag;
using json::integer;
using json::object;
using json::optional_integer;
using json::optional_text;
using json::take_object;
using json::text;

bj::object attempt_to_json(const Attempt& a) {
  bj::object o{{"type", a.type},       {"successful", a.successful}, {"payment_method", a.payment_method},
               {"extra", a.extra},     {"country", a.country},       {"client_ip", a.client_ip},
               {"processing_time", a.processing_time}, {"flow", a.flow}};
  if (a.error) o["error"] = bj::object{{"code", a.error->code}, {"message", a.error->message}};
  return o;
}

Attempt attempt_from_json(const bj::object& o) {
  Attempt a;
  a.type = text(o, "type");
  a.successful = flag(o, "successful");
  a.payment_method = text(o, "payment_method");
  a.extra = object(o, "extra");
  a.country = text(o, "country");
  a.client_ip = text(o, "client_ip");
  a.processing_time = integer(o, "processing_time");
  a.flow = text(o, "flow");
  if (auto* e = o.if_contains("error"); e && e->is_object())
    a.error = AttemptError{text(e->get_object(), "code"), text(e->get_object(), "message")};
  return a;
}

}  // namespace

bj::object to_storage(const Purchase& p) {
  bj::array history;
  for (const auto& h : p.status_history) {
    bj::object e{{"status", std::string(to_string(h.status))}, {"timestamp", h.timestamp}};
    if (h.related_object) e["related_object"] = bj::object{{"type", h.related_object->type}, {"id", h.related_object->id}};
    history.push_back(std::move(e));
  }
  bj::array attempts;
  for (const auto& a : p.transaction_data.attempts) attempts.push_back(attempt_to_json(a));
  bj::array whitelist;
  for (const auto& m : p.payment_method_whitelist) whitelist.push_back(bj::string(m));

  bj::object o{
      {"id", p.id}, {"company_id", p.company_id}, {"brand_id", p.brand_id}, {"is_test", p.is_test},
      {"product", p.product}, {"status", std::string(to_string(p.status))}, {"status_history", std::move(history)},
      {"created_on", p.created_on}, {"updated_on", p.updated_on}, {"currency", p.currency},
      {"total_minor", p.total_minor}, {"captured_minor", p.captured_minor}, {"refunded_minor", p.refunded_minor},
      {"charged_back_minor", p.charged_back_minor},
      {"client", p.client}, {"details", p.details}, {"brand_name", p.brand_name},
      {"skip_capture", p.skip_capture}, {"force_recurring", p.force_recurring}, {"send_receipt", p.send_receipt},
      {"due_strict", p.due_strict}, {"success_redirect", p.success_redirect},
      {"failure_redirect", p.failure_redirect}, {"cancel_redirect", p.cancel_redirect},
      {"success_callback", p.success_callback}, {"reference", p.reference}, {"creator_agent", p.creator_agent},
      {"platform", p.platform}, {"issued", p.issued}, {"payment_method_whitelist", std::move(whitelist)},
      {"created_from_ip", p.created_from_ip}, {"reference_generated", p.reference_generated},
      {"is_recurring_token", p.is_recurring_token}, {"marked_as_paid", p.marked_as_paid},
      {"connector", p.connector},
      {"transaction_data", bj::object{{"payment_method", p.transaction_data.payment_method},
                                      {"flow", p.transaction_data.flow},
                                      {"processing_tx_id", p.transaction_data.processing_tx_id},
                                      {"extra", p.transaction_data.extra},
                                      {"country", p.transaction_data.country},
                                      {"attempts", std::move(attempts)}}},
  };
  for (auto& [k, v] : to_storage(p.intent)) o[k] = std::move(v);
  if (p.viewed_on) o["viewed_on"] = *p.viewed_on;
  if (p.due) o["due"] = *p.due;
  if (p.client_id) o["client_id"] = *p.client_id;
  if (p.recurring_token) o["recurring_token"] = *p.recurring_token;
  if (p.billing_template_id) o["billing_template_id"] = *p.billing_template_id;
  if (p.subscriber_id) o["subscriber_id"] = *p.subscriber_id;
  if (p.invoice_on_charge_failure) o["invoice_on_charge_failure"] = true;
  if (p.failure_callback) o["failure_callback"] = true;
  if (p.payment) {
    const auto& m = *p.payment;
    o["payment"] = bj::object{{"payment_type", m.payment_type}, {"amount_minor", m.amount_minor},
                              {"currency", m.currency}, {"net_amount_minor", m.net_amount_minor},
                              {"fee_amount_minor", m.fee_amount_minor}, {"pending_amount_minor", m.pending_amount_minor},
                              {"paid_on", m.paid_on}, {"remote_paid_on", m.remote_paid_on},
                              {"description", m.description}};
  }
  return o;
}

namespace {

std::vector<StatusChange> history_from_storage(const bj::object& o) {
  std::vector<StatusChange> out;
  if (auto* h = o.if_contains("status_history"); h && h->is_array()) {
    for (const auto& e : h->get_array()) {
      const auto& eo = e.get_object();
      StatusChange c{status_from_string(text(eo, "status")).value_or(Status::created), integer(eo, "timestamp"), std::nullopt};
      if (auto* r = eo.if_contains("related_object"); r && r->is_object())
        c.related_object = RelatedObject{text(r->get_object(), "type"), text(r->get_object(), "id")};
      out.push_back(std::move(c));
    }
  }
  return out;
}

TransactionData transaction_data_from_storage(const bj::object& td) {
  TransactionData t;
  t.payment_method = text(td, "payment_method");
  t.flow = text(td, "flow");
  t.processing_tx_id = text(td, "processing_tx_id");
  t.extra = object(td, "extra");
  t.country = text(td, "country");
  if (auto* a = td.if_contains("attempts"); a && a->is_array())
    for (const auto& e : a->get_array())
      if (e.is_object()) t.attempts.push_back(attempt_from_json(e.get_object()));
  return t;
}

std::optional<Payment> payment_from_storage(const bj::object& o) {
  if (auto* m = o.if_contains("payment"); m && m->is_object()) {
    const auto& mo = m->get_object();
    Payment pay;
    pay.payment_type = text(mo, "payment_type");
    pay.amount_minor = integer(mo, "amount_minor");
    pay.currency = text(mo, "currency");
    pay.net_amount_minor = integer(mo, "net_amount_minor");
    pay.fee_amount_minor = integer(mo, "fee_amount_minor");
    pay.pending_amount_minor = integer(mo, "pending_amount_minor");
    pay.paid_on = integer(mo, "paid_on");
    pay.remote_paid_on = integer(mo, "remote_paid_on");
    pay.description = text(mo, "description");
    return pay;
  }
  return std::nullopt;
}

// Every field but the two documents (client, details), which the callers copy or move.
Purchase purchase_without_documents(const bj::object& o) {
  Purchase p;
  p.id = text(o, "id");
  p.company_id = text(o, "company_id");
  p.brand_id = text(o, "brand_id");
  p.is_test = flag(o, "is_test");
  p.product = text(o, "product");
  p.status = status_from_string(text(o, "status")).value_or(Status::created);
  p.status_history = history_from_storage(o);
  p.created_on = integer(o, "created_on");
  p.updated_on = integer(o, "updated_on");
  p.viewed_on = optional_integer(o, "viewed_on");
  p.currency = text(o, "currency");
  p.total_minor = integer(o, "total_minor");
  p.captured_minor = integer(o, "captured_minor");
  p.refunded_minor = integer(o, "refunded_minor");
  p.charged_back_minor = integer(o, "charged_back_minor");
  p.client_id = optional_text(o, "client_id");
  p.billing_template_id = optional_text(o, "billing_template_id");
  p.subscriber_id = optional_text(o, "subscriber_id");
  p.invoice_on_charge_failure = flag(o, "invoice_on_charge_failure");
  p.failure_callback = flag(o, "failure_callback");
  p.brand_name = text(o, "brand_name");
  p.skip_capture = flag(o, "skip_capture");
  p.force_recurring = flag(o, "force_recurring");
  p.send_receipt = flag(o, "send_receipt");
  p.due = optional_integer(o, "due");
  p.due_strict = flag(o, "due_strict");
  p.success_redirect = text(o, "success_redirect");
  p.failure_redirect = text(o, "failure_redirect");
  p.cancel_redirect = text(o, "cancel_redirect");
  p.success_callback = text(o, "success_callback");
  p.reference = text(o, "reference");
  p.creator_agent = text(o, "creator_agent");
  p.platform = text(o, "platform");
  p.issued = text(o, "issued");
  if (auto* w = o.if_contains("payment_method_whitelist"); w && w->is_array())
    for (const auto& m : w->get_array())
      if (m.is_string()) p.payment_method_whitelist.emplace_back(m.get_string());
  p.created_from_ip = text(o, "created_from_ip");
  p.reference_generated = text(o, "reference_generated");
  p.is_recurring_token = flag(o, "is_recurring_token");
  p.recurring_token = optional_text(o, "recurring_token");
  p.marked_as_paid = flag(o, "marked_as_paid");
  p.intent = intent_from_storage(o);
  p.connector = text(o, "connector");
  p.transaction_data = transaction_data_from_storage(json::object_ref(o, "transaction_data"));
  p.payment = payment_from_storage(o);
  return p;
}

}  // namespace

Purchase purchase_from_storage(const bj::object& o) {
  Purchase p = purchase_without_documents(o);
  p.client = object(o, "client");
  p.details = object(o, "details");
  return p;
}

Purchase purchase_from_storage(std::string_view stored_json) {
  // Parsed with the default resource, so that the client and details documents (most of a
  // purchase's nodes) move into the Purchase instead of being copied out of a parse arena: the
  // copies were 10 % of a Collect GET's samples (perf).
  bj::value v = bj::parse(stored_json);
  bj::object& o = v.as_object();
  Purchase p = purchase_without_documents(o);
  p.client = take_object(o, "client");
  p.details = take_object(o, "details");
  return p;
}

CallbackSettings callback_settings_from_storage(std::string_view stored_json) {
  json::TopLevelFields f{"is_test", "success_callback", "failure_callback"};
  f.parse(stored_json);
  return CallbackSettings{f.flag("is_test"), f.text("success_callback"), f.flag("failure_callback")};
}

}  // namespace tender::engine
