#include "api/collect/billing_request.hpp"

#include "api/collect/billing_fields.hpp"
#include "api/collect/lenient_fields.hpp"
#include "api/collect/purchase_request.hpp"
#include "api/schema/table_reader.hpp"

namespace tender::api::collect {

namespace bj = boost::json;
using engine::billing::Period;
using engine::billing::PeriodUnit;
using json::ErrorCode;

bool valid_billing_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (text[4] != '-' || text[7] != '-') return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

namespace {

using schema::TableReader;

// The units are required where the table says so (a subscription's period), else default_unit.
Period read_period(TableReader& r, std::string_view count_key, std::string_view units_key,
                   std::int64_t default_count, PeriodUnit default_unit) {
  Period p{default_count, default_unit};
  if (auto n = r.integer(count_key)) p.count = *n;
  if (auto units = r.string(units_key)) p.unit = *engine::billing::period_unit_from_string(*units);
  return p;
}

// Who an invoice or subscription is for: `client_id` and the purchase's payment methods.
engine::billing::Recipient read_recipient_fields(TableReader& r) {
  engine::billing::Recipient to;
  if (auto id = r.string("client_id")) to.client_id = *id;
  r.field("payment_method_whitelist");  // documented by the table; read with the purchase's rule
  to.payment_method_whitelist = read_payment_method_whitelist(r.raw());
  return to;
}

void read_invoice_fields(TableReader& r, engine::billing::BillingTemplate& t) {
  if (auto issued = r.string("invoice_issued")) t.invoice_issued = *issued;
  t.invoice_due = r.integer("invoice_due");
  if (auto v = r.boolean("invoice_skip_capture")) t.invoice_skip_capture = *v;
  if (auto v = r.boolean("invoice_send_receipt")) t.invoice_send_receipt = *v;
}

void read_subscription_fields(TableReader& r, engine::billing::BillingTemplate& t) {
  auto& s = t.subscription;
  s.period = read_period(r, "subscription_period", "subscription_period_units", 1, PeriodUnit::months);
  s.due_period = read_period(r, "subscription_due_period", "subscription_due_period_units", 7, PeriodUnit::days);
  // The PHP SDK's docblock types it int: 0 and 1 are accepted (read_loose_flag).
  r.field("subscription_charge_period_end");
  if (auto v = read_loose_flag(r.raw(), "subscription_charge_period_end")) s.charge_period_end = *v;
  if (auto v = r.integer("subscription_trial_periods")) s.trial_periods = *v;
  if (auto v = r.boolean("subscription_active")) s.active = *v;
  if (auto v = r.integer("number_of_billing_cycles")) s.number_of_billing_cycles = *v;
}

}  // namespace

std::optional<TemplateBody> read_template_body(const bj::object& body, bool one_off, json::FieldErrors& errors) {
  // The kind picks the table (kTemplateAlternatives); an is_subscription missing or not a boolean
  // reads as an invoice template, and its own read below reports it.
  const auto* kind = body.if_contains("is_subscription");
  const bool subscription = !one_off && kind && kind->is_bool() && kind->get_bool();
  TableReader r(one_off        ? schema::Fields(kOneOffFields)
                : subscription ? schema::Fields(kSubscriptionTemplateFields)
                               : schema::Fields(kInvoiceTemplateFields),
                &body, "", errors);
  TemplateBody out;
  auto& t = out.template_;
  if (auto brand = r.string("brand_id")) t.brand_id = *brand;
  if (!one_off) {
    if (auto title = r.string("title")) t.title = *title;
    if (auto v = r.boolean("is_subscription")) t.is_subscription = *v;
  }
  engine::NewPurchase purchase;
  r.field("purchase");  // the purchase table's PurchaseDetails, read as a purchase's
  read_purchase_details(r.raw(), purchase);
  t.purchase.details = std::move(purchase.details);
  t.purchase.currency = purchase.currency;
  t.purchase.lines = std::move(purchase.lines);
  t.purchase.debt_minor = purchase.debt_minor;
  t.purchase.total_override = purchase.total_override;
  if (auto v = r.boolean("force_recurring")) t.force_recurring = *v;
  if (t.is_subscription) read_subscription_fields(r, t);
  else read_invoice_fields(r, t);
  if (one_off) {
    if (auto* clients = r.array("clients")) {
      for (std::size_t i = 0; i < clients->size(); ++i) {
        const auto path = "clients." + std::to_string(i);
        if (!(*clients)[i].is_object()) {
          errors.add(path, ErrorCode::invalid_type, "object");
          continue;
        }
        TableReader c(kRecipientFields, &(*clients)[i].get_object(), path, errors);
        out.recipients.push_back(read_recipient_fields(c));
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  return out;
}

std::optional<engine::billing::Recipient> read_recipient(const bj::object& body, json::FieldErrors& errors) {
  TableReader r(kRecipientFields, &body, "", errors);
  auto to = read_recipient_fields(r);
  if (!errors.empty()) return std::nullopt;
  return to;
}

std::optional<engine::billing::NewSubscriber> read_new_subscriber(const bj::object& body, json::FieldErrors& errors) {
  TableReader r(kNewSubscriberFields, &body, "", errors);
  engine::billing::NewSubscriber s;
  auto to = read_recipient_fields(r);
  s.client_id = std::move(to.client_id);
  s.payment_method_whitelist = std::move(to.payment_method_whitelist);
  if (auto v = r.boolean("send_invoice_on_charge_failure")) s.send_invoice_on_charge_failure = *v;
  if (auto v = r.boolean("send_invoice_on_add_subscriber")) s.send_invoice_on_add_subscriber = *v;
  if (auto v = r.boolean("send_receipt")) s.send_receipt = *v;
  if (!errors.empty()) return std::nullopt;
  return s;
}

std::optional<engine::billing::SubscriberChange> read_subscriber_change(const bj::object& body,
                                                                        json::FieldErrors& errors) {
  TableReader r(kSubscriberChangeFields, &body, "", errors);
  engine::billing::SubscriberChange change;
  if (auto status = r.string("status")) change.status = engine::billing::subscriber_status_from_string(*status);
  r.field("payment_method_whitelist");
  if (r.has_key("payment_method_whitelist")) change.payment_method_whitelist = read_payment_method_whitelist(r.raw());
  change.send_invoice_on_charge_failure = r.boolean("send_invoice_on_charge_failure");
  change.send_invoice_on_add_subscriber = r.boolean("send_invoice_on_add_subscriber");
  change.send_receipt = r.boolean("send_receipt");
  if (!errors.empty()) return std::nullopt;
  return change;
}

}  // namespace tender::api::collect
