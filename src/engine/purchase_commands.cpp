#include "engine/purchase_commands.hpp"

#include <algorithm>
#include <ctime>

#include "engine/client_commands.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/mode_scoped_list.hpp"
#include "engine/payment_methods.hpp"
#include "engine/timers.hpp"
#include "util/invariant.hpp"
#include "util/utc_time.hpp"
#include "money/currency.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

// "Invoice issued" default: the creation date, in UTC (purchase.timezone is shown back as given
// but not used for this).
std::string utc_date(std::int64_t now) { return util::utc_time(now, "%Y-%m-%d"); }

// The seed: "If a value is passed for a field in ClientDetails, it will be automatically removed
// from this list" (billing_address and shipping_address stand for their street address fields).
void drop_known_client_details(Purchase& p) {
  auto* list = p.details.if_contains("request_client_details");
  if (!list || !list->is_array()) return;
  bj::array kept;
  for (const auto& v : list->get_array()) {
    std::string field(v.as_string());
    std::string client_field = field == "billing_address"    ? "street_address"
                               : field == "shipping_address" ? "shipping_street_address"
                                                             : field;
    auto* given = p.client.if_contains(client_field);
    bool known = given && given->is_string() && !given->get_string().empty();
    if (!known) kept.push_back(v);
  }
  *list = std::move(kept);
}

}  // namespace

void set_single_item(NewPurchase& np, const std::string& name, std::int64_t amount_minor) {
  money::ProductLine line;
  line.price_minor = amount_minor;
  np.lines = {line};
  bj::object product{{"name", name},    {"quantity", "1"}, {"price", amount_minor},          {"discount", 0},
                     {"tax_percent", "0"}, {"category", ""}, {"total_price_override", nullptr}};
  np.details["products"] = bj::array{std::move(product)};
}

PurchaseCommands::PurchaseCommands(store::Store& store, Accounts& accounts, Clock& clock)
    : store_(store), accounts_(accounts), clock_(clock) {}

namespace {

// The input rules of a new purchase that need the engine's knowledge: the brand, the currency,
// the total, the payment methods. Returns the brand and the total.
std::pair<Brand, money::TotalsResult> check_new_purchase(Accounts& accounts, const Caller& caller,
                                                          const NewPurchase& c, std::string& currency) {
  auto brand = accounts.brand(caller.company_id, c.brand_id);
  if (!brand) throw EngineError(ErrorKind::invalid_input, "invalid", "No brand with this ID.", "brand_id");
  currency = c.currency.value_or(brand->default_currency);
  if (!money::find_currency(currency))
    throw EngineError(ErrorKind::invalid_input, "invalid_choice", "Unknown currency.", "purchase.currency");

  auto totals = money::purchase_totals(c.lines, c.debt_minor, c.total_override);
  if (!totals.ok) throw EngineError(ErrorKind::invalid_input, "invalid", totals.error, "purchase.total");

  // Method names this installation does not offer (the provider's fpx, duitnow_qr...) are kept
  // as given: a whitelist of only those makes a purchase no card can pay (pay.cpp refuses the card).
  const bool names_a_card = std::any_of(c.payment_method_whitelist.begin(), c.payment_method_whitelist.end(),
                                        [](const std::string& name) { return find_payment_method(name) != nullptr; });
  MethodRequirements needs{c.skip_capture, c.skip_capture && totals.total_minor == 0, c.force_recurring};
  if ((c.payment_method_whitelist.empty() || names_a_card) && available_methods(needs, c.payment_method_whitelist).empty())
    throw EngineError(ErrorKind::invalid_input, "no_payment_methods",
                      "No payment method is available for this purchase's parameters (skip_capture, "
                      "preauthorization, force_recurring and payment_method_whitelist).");
  return {std::move(*brand), std::move(totals)};
}

// The new purchase, status created, from checked input.
Purchase new_purchase(const Caller& caller, NewPurchase& c, const Brand& brand, const std::string& currency,
                      std::int64_t total_minor, std::int64_t now) {
  Purchase p;
  // Time-ordered (UUIDv7, 74 random bits): the id indexes are appended to rather than written at
  // random pages, which is most of the store's write volume per payment.
  p.id = new_time_ordered_id();
  p.company_id = caller.company_id;
  p.brand_id = brand.id;
  p.brand_name = brand.name;
  p.is_test = caller.is_test;
  p.created_on = p.updated_on = now;
  p.currency = currency;
  p.total_minor = total_minor;
  p.client = std::move(c.client);
  p.details = std::move(c.details);
  p.details["currency"] = currency;
  p.details["total"] = total_minor;
  p.skip_capture = c.skip_capture;
  p.force_recurring = c.force_recurring;
  p.send_receipt = c.send_receipt;
  p.due = c.due;
  p.due_strict = c.due_strict;
  p.success_redirect = std::move(c.success_redirect);
  p.failure_redirect = std::move(c.failure_redirect);
  p.cancel_redirect = std::move(c.cancel_redirect);
  p.success_callback = std::move(c.success_callback);
  p.failure_callback = c.failure_callback;
  p.reference = std::move(c.reference);
  p.creator_agent = std::move(c.creator_agent);
  p.platform = c.platform.empty() ? "api" : std::move(c.platform);
  p.transaction_data.flow = std::move(c.initiated_flow);
  p.issued = c.issued.empty() ? utc_date(now) : std::move(c.issued);
  p.payment_method_whitelist = std::move(c.payment_method_whitelist);
  p.product = std::move(c.product);
  p.billing_template_id = std::move(c.billing_template_id);
  p.subscriber_id = std::move(c.subscriber_id);
  p.invoice_on_charge_failure = c.invoice_on_charge_failure;
  p.created_from_ip = caller.ip;
  // A short human reference for invoices, derived from the id so it needs no shared counter.
  p.reference_generated = "TDR-" + p.id.substr(0, 8);
  std::transform(p.reference_generated.begin(), p.reference_generated.end(), p.reference_generated.begin(), ::toupper);
  p.status_history.push_back({Status::created, now, std::nullopt});
  return p;
}

}  // namespace

Purchase PurchaseCommands::prepare(const Caller& caller, NewPurchase& c) {
  TENDER_ASSERT(!c.client_id, "prepared_purchase_has_no_client_id", "prepare() copies no client");
  std::string currency;
  auto [brand, totals] = check_new_purchase(accounts_, caller, c, currency);
  Purchase p = new_purchase(caller, c, brand, currency, totals.total_minor, clock_.now_seconds());
  drop_known_client_details(p);
  return p;
}

namespace {

void write_new_purchase(store::WriteTxn& tx, Purchase& p, store::Record record, store::OutboxEvent event) {
  tx.put(record, 0);
  p.version = record.version;
  tx.append(event);
  if (p.due) arm_timer(tx, p, "due", *p.due);
}

}  // namespace

void insert_purchase(store::WriteTxn& tx, Purchase& p) {
  write_new_purchase(tx, p, purchase_record(p), purchase_event(p, "purchase.created", p.created_on));
}

Purchase PurchaseCommands::insert(Purchase p) {
  // Serialized here, before the writer: the PostgreSQL store may run the work again, so it copies.
  const auto record = purchase_record(p);
  const auto event = purchase_event(p, "purchase.created", p.created_on);
  store_.write([&](store::WriteTxn& tx) { write_new_purchase(tx, p, record, event); });
  return p;
}

Purchase PurchaseCommands::create(const Caller& caller, NewPurchase c) {
  if (!c.client_id) return insert(prepare(caller, c));
  std::string currency;
  auto [brand, totals] = check_new_purchase(accounts_, caller, c, currency);
  auto now = clock_.now_seconds();
  Purchase p = new_purchase(caller, c, brand, currency, totals.total_minor, now);
  store_.write([&](store::WriteTxn& tx) {
    // Copy the client's details inside the transaction, so a concurrent delete cannot slip between.
    ClientCommands clients(store_, clock_);
    auto client = clients.find(tx, caller, *c.client_id);
    if (!client) throw EngineError(ErrorKind::invalid_input, "invalid", "No client with this ID.", "client_id");
    p.client_id = client->id;
    p.client = client->details;
    drop_known_client_details(p);
    insert_purchase(tx, p);
  });
  return p;
}

Purchase PurchaseCommands::get(const Caller& caller, const std::string& id) {
  return read_purchase(store_, caller, id);
}

PurchasePage PurchaseCommands::list(const Caller& caller, const PurchaseFilter& f) {
  store::ListQuery q;
  q.kind = kPurchaseKind;
  q.company_id = caller.company_id;
  q.statuses = f.statuses;
  q.created_from = f.created_from;
  q.created_to = f.created_to;
  q.after_created_on = f.after_created_on;
  q.after_id = f.after_id;
  PurchasePage page;
  page.items = list_of_mode<Purchase>(*store_.read(), q, f.limit, [&](const store::Record& r) -> std::optional<Purchase> {
    auto p = purchase_from_storage(r.body);
    if (p.is_test != caller.is_test) return std::nullopt;  // the key's mode only
    p.version = r.version;
    return p;
  });
  if (page.items.size() > f.limit) {
    page.items.resize(f.limit);
    page.has_more = true;
  }
  return page;
}

Purchase PurchaseCommands::cancel(const Caller& caller, const std::string& id) {
  Purchase result;
  store_.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    // A payment at the acquirer may still be approved: cancelling now could lose the money.
    if (w.purchase().intent.open())
      throw EngineError(ErrorKind::invalid_state, "purchase_cancel_error",
                        "A payment for this purchase is being processed; it cannot be cancelled now.");
    if (!w.allows(Operation::cancel))
      throw EngineError(ErrorKind::invalid_state, "purchase_cancel_error",
                        "Purchase in status '" + std::string(to_string(w.purchase().status)) + "' cannot be cancelled.");
    w.apply(Operation::cancel, clock_.now_seconds());
    w.save();
    result = w.purchase();
  });
  return result;
}

}  // namespace tender::engine
