// Storage codec of the Purchase aggregate. Field names follow the aggregate, not any dialect.
#include <boost/json.hpp>

#include "engine/purchase.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

std::string str(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
std::int64_t num(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->get_int64() : 0;
}
bool flag(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_bool() && v->get_bool();
}
bj::object obj(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_object() ? v->get_object() : bj::object();
}
std::optional<std::int64_t> opt_num(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  if (v && v->is_int64()) return v->get_int64();
  return std::nullopt;
}
std::optional<std::string> opt_str(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  if (v && v->is_string()) return std::string(v->get_string());
  return std::nullopt;
}

bj::object attempt_to_json(const Attempt& a) {
  bj::object o{{"type", a.type},       {"successful", a.successful}, {"payment_method", a.payment_method},
               {"extra", a.extra},     {"country", a.country},       {"client_ip", a.client_ip},
               {"processing_time", a.processing_time}, {"flow", a.flow}};
  if (a.error) o["error"] = bj::object{{"code", a.error->code}, {"message", a.error->message}};
  return o;
}

Attempt attempt_from_json(const bj::object& o) {
  Attempt a;
  a.type = str(o, "type");
  a.successful = flag(o, "successful");
  a.payment_method = str(o, "payment_method");
  a.extra = obj(o, "extra");
  a.country = str(o, "country");
  a.client_ip = str(o, "client_ip");
  a.processing_time = num(o, "processing_time");
  a.flow = str(o, "flow");
  if (auto* e = o.if_contains("error"); e && e->is_object())
    a.error = AttemptError{str(e->get_object(), "code"), str(e->get_object(), "message")};
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
      {"pending_operation", p.pending_operation}, {"pending_operation_id", p.pending_operation_id},
      {"pending_since", p.pending_since},
      {"transaction_data", bj::object{{"payment_method", p.transaction_data.payment_method},
                                      {"flow", p.transaction_data.flow},
                                      {"processing_tx_id", p.transaction_data.processing_tx_id},
                                      {"extra", p.transaction_data.extra},
                                      {"country", p.transaction_data.country},
                                      {"attempts", std::move(attempts)}}},
  };
  if (p.viewed_on) o["viewed_on"] = *p.viewed_on;
  if (p.due) o["due"] = *p.due;
  if (p.client_id) o["client_id"] = *p.client_id;
  if (p.recurring_token) o["recurring_token"] = *p.recurring_token;
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

Purchase purchase_from_storage(const bj::object& o) {
  Purchase p;
  p.id = str(o, "id");
  p.company_id = str(o, "company_id");
  p.brand_id = str(o, "brand_id");
  p.is_test = flag(o, "is_test");
  p.product = str(o, "product");
  p.status = status_from_string(str(o, "status")).value_or(Status::created);
  if (auto* h = o.if_contains("status_history"); h && h->is_array()) {
    for (const auto& e : h->get_array()) {
      const auto& eo = e.get_object();
      StatusChange c{status_from_string(str(eo, "status")).value_or(Status::created), num(eo, "timestamp"), std::nullopt};
      if (auto* r = eo.if_contains("related_object"); r && r->is_object())
        c.related_object = RelatedObject{str(r->get_object(), "type"), str(r->get_object(), "id")};
      p.status_history.push_back(std::move(c));
    }
  }
  p.created_on = num(o, "created_on");
  p.updated_on = num(o, "updated_on");
  p.viewed_on = opt_num(o, "viewed_on");
  p.currency = str(o, "currency");
  p.total_minor = num(o, "total_minor");
  p.captured_minor = num(o, "captured_minor");
  p.refunded_minor = num(o, "refunded_minor");
  p.charged_back_minor = num(o, "charged_back_minor");
  p.client_id = opt_str(o, "client_id");
  p.client = obj(o, "client");
  p.details = obj(o, "details");
  p.brand_name = str(o, "brand_name");
  p.skip_capture = flag(o, "skip_capture");
  p.force_recurring = flag(o, "force_recurring");
  p.send_receipt = flag(o, "send_receipt");
  p.due = opt_num(o, "due");
  p.due_strict = flag(o, "due_strict");
  p.success_redirect = str(o, "success_redirect");
  p.failure_redirect = str(o, "failure_redirect");
  p.cancel_redirect = str(o, "cancel_redirect");
  p.success_callback = str(o, "success_callback");
  p.reference = str(o, "reference");
  p.creator_agent = str(o, "creator_agent");
  p.platform = str(o, "platform");
  p.issued = str(o, "issued");
  if (auto* w = o.if_contains("payment_method_whitelist"); w && w->is_array())
    for (const auto& m : w->get_array())
      if (m.is_string()) p.payment_method_whitelist.emplace_back(m.get_string());
  p.created_from_ip = str(o, "created_from_ip");
  p.reference_generated = str(o, "reference_generated");
  p.is_recurring_token = flag(o, "is_recurring_token");
  p.recurring_token = opt_str(o, "recurring_token");
  p.marked_as_paid = flag(o, "marked_as_paid");
  p.pending_operation = str(o, "pending_operation");
  p.pending_operation_id = str(o, "pending_operation_id");
  p.pending_since = num(o, "pending_since");
  auto td = obj(o, "transaction_data");
  p.transaction_data.payment_method = str(td, "payment_method");
  p.transaction_data.flow = str(td, "flow");
  p.transaction_data.processing_tx_id = str(td, "processing_tx_id");
  p.transaction_data.extra = obj(td, "extra");
  p.transaction_data.country = str(td, "country");
  if (auto* a = td.if_contains("attempts"); a && a->is_array())
    for (const auto& e : a->get_array())
      if (e.is_object()) p.transaction_data.attempts.push_back(attempt_from_json(e.get_object()));
  if (auto* m = o.if_contains("payment"); m && m->is_object()) {
    const auto& mo = m->get_object();
    Payment pay;
    pay.payment_type = str(mo, "payment_type");
    pay.amount_minor = num(mo, "amount_minor");
    pay.currency = str(mo, "currency");
    pay.net_amount_minor = num(mo, "net_amount_minor");
    pay.fee_amount_minor = num(mo, "fee_amount_minor");
    pay.pending_amount_minor = num(mo, "pending_amount_minor");
    pay.paid_on = num(mo, "paid_on");
    pay.remote_paid_on = num(mo, "remote_paid_on");
    pay.description = str(mo, "description");
    p.payment = pay;
  }
  return p;
}

}  // namespace tender::engine
