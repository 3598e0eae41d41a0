// Creating a purchase (flow "web_office") or a payment link (flow "link") from a form. The
// purchase is made by the engine's PurchaseCommands::create, like an API call; its page then shows
// the checkout URL to copy. A refused form is shown again with the reason and what was typed.
#include "api/portal/portal_page.hpp"
#include "api/portal/portal_routes.hpp"
#include "engine/errors.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "portal/users.hpp"

namespace tender::api::portal_pages {

namespace {

// The same limits as the Collect API's fields.
constexpr std::size_t kMaxProductNameBytes = 256;
constexpr std::size_t kMaxReferenceBytes = 128;
constexpr std::int64_t kMaxDueDays = 365;

struct CreateForm {
  std::string kind = "purchase";  // "purchase" or "link"
  std::string product, amount, currency, email, reference, due_days;
};

Response form_page(PortalContext& ctx, SignedIn& who, const CreateForm& f, const std::string& error, int status) {
  PageData d;
  d.set("title", "Create");
  d.set("is_link", f.kind == "link");
  d.set("product", f.product);
  d.set("amount", f.amount);
  d.set("email", f.email);
  d.set("reference", f.reference);
  d.set("due_days", f.due_days);
  std::string currency = f.currency;
  if (currency.empty()) {
    auto brand = ctx.accounts.default_brand(who.user.company_id);
    currency = brand ? brand->default_currency : "MYR";
  }
  d.set("currency", currency);
  if (!error.empty()) d.set("error", error);
  return html(status, render("create", d, &who, "create"));
}

engine::EngineError field_error(const std::string& field, const std::string& message) {
  return engine::EngineError(engine::ErrorKind::invalid_input, "invalid_input", message, field);
}

Response create(PortalContext& ctx, SignedIn& who) {
  CreateForm f{who.field("kind") == "link" ? "link" : "purchase", who.field("product"), who.field("amount"),
               who.field("currency"), who.field("email"), who.field("reference"), who.field("due_days")};
  for (auto& c : f.currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  try {
    if (f.product.empty() || f.product.size() > kMaxProductNameBytes)
      throw field_error("product", "Product: enter a name of at most " + std::to_string(kMaxProductNameBytes) + " characters.");
    const auto* currency = money::find_currency(f.currency);
    if (!currency) throw field_error("currency", "Currency: enter an ISO 4217 code such as MYR or EUR.");
    auto amount = money::parse_major_units(f.amount, *currency);
    if (!amount.ok() || amount.minor <= 0)
      throw field_error("amount", "Amount: enter a positive amount such as 10.50 (" +
                                      std::string(amount.ok() ? "must be more than zero" : money::describe(amount.error)) + ").");
    if (!f.email.empty() && !portal::plausible_email(f.email))
      throw field_error("email", "Client email: enter an address such as name@example.com, or leave it empty.");
    if (f.reference.size() > kMaxReferenceBytes)
      throw field_error("reference", "Reference: at most " + std::to_string(kMaxReferenceBytes) + " characters.");
    auto brand = ctx.accounts.default_brand(who.user.company_id);
    if (!brand) throw field_error("brand", "This company has no brand to sell under.");

    engine::NewPurchase np;
    np.brand_id = brand->id;
    np.currency = f.currency;
    engine::set_single_item(np, f.product, amount.minor);
    if (!f.email.empty()) np.client["email"] = f.email;
    np.reference = f.reference;
    np.creator_agent = "Tender portal";
    np.platform = f.kind == "link" ? "link" : "web_office";
    np.initiated_flow = np.platform;
    if (!f.due_days.empty()) {
      std::int64_t days = 0;
      try {
        days = std::stoll(f.due_days);
      } catch (const std::exception&) {
        days = -1;
      }
      if (days < 1 || days > kMaxDueDays)
        throw field_error("due_days", "Payable for: a number of days from 1 to " + std::to_string(kMaxDueDays) + ".");
      np.due = ctx.clock.now_seconds() + days * 86400;
    }
    auto p = ctx.purchases.create(who.caller(), std::move(np));
    audit(ctx, who, f.kind == "link" ? "link.create" : "purchase.create", p.id, money_text(p.total_minor, p.currency));
    return redirect("/portal/purchases/" + p.id + "?done=created");
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::invalid_input) throw;
    return form_page(ctx, who, f, e.what(), 400);
  }
}

}  // namespace

void add_create_routes(http::Router& router, PortalContext& ctx) {
  router.add("GET", "/portal/create", page(ctx, Permission::operate, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    CreateForm f;
    if (req.query_param("kind") == "link") f.kind = "link";
    return form_page(ctx, who, f, "", 200);
  }));
  router.add("POST", "/portal/create", action(ctx, Permission::operate, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    return create(ctx, who);
  }));
}

}  // namespace tender::api::portal_pages
