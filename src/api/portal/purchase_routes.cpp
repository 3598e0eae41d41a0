// The purchase list with its search, one purchase's page, and the actions on it (capture,
// release, refund in full or in part, cancel, resend a delivery). Every action goes through the
// engine's commands, as the caller of the purchase's own mode, with exactly the API's rules.
#include <boost/json.hpp>

#include "api/portal/portal_page.hpp"
#include "api/portal/portal_routes.hpp"
#include "api/portal/purchase_search.hpp"
#include "api/portal/purchase_view.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/status.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "webhooks/delivery_reads.hpp"

namespace tender::api::portal_pages {

namespace {

namespace bj = boost::json;
using kainjow::mustache::data;

// The company's purchase `id` whatever its mode; not_found for another company's or a malformed id.
engine::Purchase load(PortalContext& ctx, const SignedIn& who, const std::string& id) {
  if (!engine::is_uuid(id)) throw engine::not_found();
  auto r = ctx.store.read()->get("purchase", id);
  if (!r || r->company_id != who.user.company_id) throw engine::not_found();
  auto p = engine::purchase_from_storage(r->body);
  p.version = r->version;
  return p;
}

// An amount typed in major units of the purchase's currency; nullopt when left blank. Throws a
// field-naming EngineError when it cannot be read.
std::optional<std::int64_t> typed_amount(const SignedIn& who, const engine::Purchase& p) {
  const auto text = who.field("amount");
  if (text.empty()) return std::nullopt;
  const auto* c = money::find_currency(p.currency);
  auto parsed = c ? money::parse_major_units(text, *c) : money::AmountResult{0, money::ParseError::not_a_number};
  if (!parsed.ok() || parsed.minor <= 0)
    throw engine::EngineError(engine::ErrorKind::invalid_input, "invalid_amount",
                              "Amount: enter a positive amount in " + p.currency + " such as 10.50 (" +
                                  std::string(parsed.ok() ? "must be more than zero" : money::describe(parsed.error)) + ").",
                              "amount");
  return parsed.minor;
}

Response list_page(PortalContext& ctx, Request& req, SignedIn& who) {
  // An id typed in the search box opens that purchase.
  if (auto id = req.query_param("id"); id && !id->empty()) {
    if (engine::is_uuid(*id)) return redirect("/portal/purchases/" + *id);
  }
  auto search = PurchaseSearch::from_query(req);
  auto page = search_purchases(*ctx.store.read(), who.user.company_id, who.session.live, search);
  data d;
  d.set("title", "Purchases");
  data rows{data::type::list};
  for (const auto& p : page.items) rows.push_back(purchase_row(p));
  d.set("purchases", rows);
  d.set("empty", page.items.empty());
  d.set("reference", search.reference);
  d.set("email", search.client_email);
  d.set("amount", search.amount);
  d.set("currency", search.currency);
  d.set("from", search.from);
  d.set("to", search.to);
  data statuses{data::type::list};
  for (auto s : engine::kAllStatuses) {
    data o;
    o.set("name", std::string(engine::to_string(s)));
    o.set("selected", search.status == engine::to_string(s));
    statuses.push_back(o);
  }
  d.set("statuses", statuses);
  if (!search.error.empty()) d.set("search_error", search.error + ".");
  if (page.scan_limited)
    d.set("scan_note", "Searched " + std::to_string(kMaxScannedPerSearch) + " purchases; continue for older ones.");
  if (page.next) {
    auto q = search.query_string();
    d.set("next_url", "/portal/purchases?" + q + (q.empty() ? "" : "&") + "after=" + std::to_string(page.next->first) +
                          "_" + page.next->second);
  }
  if (search.after_created_on) d.set("first_url", "/portal/purchases?" + search.query_string());
  return html(200, render("purchases", d, &who, "purchases"));
}

Response purchase_page(PortalContext& ctx, Request& req, SignedIn& who, const std::string& id) {
  auto p = load(ctx, who, id);
  auto d = purchase_page_data(p, read_timeline(*ctx.store.read(), p), ctx.public_url);
  if (auto done = req.query_param("done")) {
    static const std::pair<const char*, const char*> kNotices[] = {
        {"capture", "Captured."}, {"release", "Released."}, {"refund", "Refunded."},
        {"cancel", "Cancelled."}, {"resend", "The delivery will be sent again."}, {"created", "Created."}};
    for (const auto& [key, text] : kNotices)
      if (*done == key) d.set("notice", std::string(text));
  }
  return html(200, render("purchase", d, &who, "purchases"));
}

// Runs `act` on the purchase as the caller of its mode, audits it and goes back to its page.
template <class Act>
Response act_on(PortalContext& ctx, SignedIn& who, const std::string& id, const char* action, Act act) {
  auto p = load(ctx, who, id);
  std::string detail = act(p, who.caller(!p.is_test));
  audit(ctx, who, std::string("purchase.") + action, p.id, detail);
  return redirect("/portal/purchases/" + p.id + "?done=" + action);
}

}  // namespace

void add_purchase_routes(http::Router& router, PortalContext& ctx) {
  router.add("GET", "/portal/purchases", page(ctx, Permission::read, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    return list_page(ctx, req, who);
  }));
  router.add("GET", "/portal/purchases/{id}", page(ctx, Permission::read, [&ctx](Request& req, const RouteParams& p, SignedIn& who) {
    return purchase_page(ctx, req, who, p["id"]);
  }));
  router.add("POST", "/portal/purchases/{id}/capture", action(ctx, Permission::operate, [&ctx](Request&, const RouteParams& rp, SignedIn& who) {
    return act_on(ctx, who, rp["id"], "capture", [&](const engine::Purchase& p, const engine::Caller& caller) {
      auto amount = typed_amount(who, p);
      auto done = ctx.lifecycle.capture(caller, p.id, amount);
      return money_text(done.captured_minor, done.currency);
    });
  }));
  router.add("POST", "/portal/purchases/{id}/release", action(ctx, Permission::operate, [&ctx](Request&, const RouteParams& rp, SignedIn& who) {
    return act_on(ctx, who, rp["id"], "release", [&](const engine::Purchase& p, const engine::Caller& caller) {
      ctx.lifecycle.release(caller, p.id);
      return money_text(p.total_minor, p.currency);
    });
  }));
  router.add("POST", "/portal/purchases/{id}/refund", action(ctx, Permission::operate, [&ctx](Request&, const RouteParams& rp, SignedIn& who) {
    return act_on(ctx, who, rp["id"], "refund", [&](const engine::Purchase& p, const engine::Caller& caller) {
      auto amount = typed_amount(who, p);
      auto done = ctx.lifecycle.refund(caller, p.id, amount);
      return money_text(done.refunded_minor - p.refunded_minor, p.currency);
    });
  }));
  router.add("POST", "/portal/purchases/{id}/cancel", action(ctx, Permission::operate, [&ctx](Request&, const RouteParams& rp, SignedIn& who) {
    return act_on(ctx, who, rp["id"], "cancel", [&](const engine::Purchase& p, const engine::Caller& caller) {
      ctx.purchases.cancel(caller, p.id);
      return std::string();
    });
  }));
  router.add("POST", "/portal/purchases/{id}/deliveries/{delivery_id}/resend",
             action(ctx, Permission::operate, [&ctx](Request&, const RouteParams& rp, SignedIn& who) {
               return act_on(ctx, who, rp["id"], "resend", [&](const engine::Purchase& p, const engine::Caller&) {
                 // Only a delivery about this purchase: the URL names both.
                 auto found = webhooks::find_delivery(*ctx.store.read(), p.company_id, rp["delivery_id"]);
                 if (!found || found->object_id != p.id) throw engine::not_found();
                 return ctx.dispatcher.resend(p.company_id, found->id, "").id;
               });
             }));
}

}  // namespace tender::api::portal_pages
