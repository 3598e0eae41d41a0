#include "engine/billing/billing_template.hpp"

#include "json/access.hpp"
#include "util/invariant.hpp"

namespace tender::engine::billing {

namespace bj = boost::json;

namespace {

bj::object period_json(const Period& p) { return {{"count", p.count}, {"unit", to_string(p.unit)}}; }

Period period_from(const bj::object& o, Period fallback) {
  auto unit = period_unit_from_string(json::text(o, "unit"));
  auto count = json::integer(o, "count");
  if (!unit || count < 1) return fallback;
  return Period{count, *unit};
}

money::Decimal stored_decimal(const bj::object& product, std::string_view key, money::Decimal fallback) {
  auto text = json::text(product, key);
  if (text.empty()) return fallback;
  auto d = money::parse_decimal(text, 6);
  TENDER_ASSERT(d.ok(), "template_product_decimal", "stored {} '{}' does not parse", key, text);
  return d.value;
}

}  // namespace

std::vector<money::ProductLine> lines_of_products(const bj::array& products) {
  std::vector<money::ProductLine> lines;
  for (const auto& v : products) {
    const auto& product = v.as_object();
    money::ProductLine line;
    line.price_minor = json::integer(product, "price");
    line.discount_minor = json::integer(product, "discount");
    line.quantity = stored_decimal(product, "quantity", money::Decimal{1, 0});
    line.tax_percent = stored_decimal(product, "tax_percent", money::Decimal{0, 0});
    line.total_price_override = json::optional_integer(product, "total_price_override");
    lines.push_back(line);
  }
  return lines;
}

store::Record template_record(const BillingTemplate& t) {
  const auto& s = t.subscription;
  bj::object body{
      {"brand_id", t.brand_id},
      {"title", t.title},
      {"is_test", t.is_test},
      {"is_subscription", t.is_subscription},
      {"details", t.purchase.details},
      {"currency", t.purchase.currency ? bj::value(*t.purchase.currency) : bj::value(nullptr)},
      {"debt", t.purchase.debt_minor},
      {"total_override", t.purchase.total_override ? bj::value(*t.purchase.total_override) : bj::value(nullptr)},
      {"force_recurring", t.force_recurring},
      {"invoice_issued", t.invoice_issued ? bj::value(*t.invoice_issued) : bj::value(nullptr)},
      {"invoice_due", t.invoice_due ? bj::value(*t.invoice_due) : bj::value(nullptr)},
      {"invoice_skip_capture", t.invoice_skip_capture},
      {"invoice_send_receipt", t.invoice_send_receipt},
      {"period", period_json(s.period)},
      {"due_period", period_json(s.due_period)},
      {"charge_period_end", s.charge_period_end},
      {"trial_periods", s.trial_periods},
      {"active", s.active},
      {"number_of_billing_cycles", s.number_of_billing_cycles},
      {"subscriber_count", t.subscriber_count},
      {"updated_on", t.updated_on},
  };
  return store::Record{kTemplateKind, t.id, t.company_id, "", t.is_subscription ? "subscription" : "invoice",
                       t.created_on, t.version, bj::serialize(body)};
}

BillingTemplate template_from_record(const store::Record& r) {
  const auto body = bj::parse(r.body).as_object();
  BillingTemplate t;
  t.id = r.id;
  t.company_id = r.company_id;
  t.created_on = r.created_on;
  t.version = r.version;
  t.brand_id = json::text(body, "brand_id");
  t.title = json::text(body, "title");
  t.is_test = json::flag(body, "is_test");
  t.is_subscription = json::flag(body, "is_subscription");
  t.purchase.details = json::object(body, "details");
  t.purchase.currency = json::optional_text(body, "currency");
  t.purchase.debt_minor = json::integer(body, "debt");
  t.purchase.total_override = json::optional_integer(body, "total_override");
  if (const auto* products = t.purchase.details.if_contains("products"); products && products->is_array())
    t.purchase.lines = lines_of_products(products->get_array());
  t.force_recurring = json::flag(body, "force_recurring");
  t.invoice_issued = json::optional_text(body, "invoice_issued");
  t.invoice_due = json::optional_integer(body, "invoice_due");
  t.invoice_skip_capture = json::flag(body, "invoice_skip_capture");
  t.invoice_send_receipt = json::flag(body, "invoice_send_receipt");
  auto& s = t.subscription;
  s.period = period_from(json::object(body, "period"), s.period);
  s.due_period = period_from(json::object(body, "due_period"), s.due_period);
  s.charge_period_end = json::flag(body, "charge_period_end");
  s.trial_periods = json::integer(body, "trial_periods");
  s.active = json::flag(body, "active");
  s.number_of_billing_cycles = json::integer(body, "number_of_billing_cycles");
  t.subscriber_count = json::integer(body, "subscriber_count");
  t.updated_on = json::integer(body, "updated_on");
  return t;
}

}  // namespace tender::engine::billing
