#include "api/checkout/checkout_routes.hpp"

#include <boost/json.hpp>

#include <optional>

#include "api/checkout/card_form.hpp"
#include "api/checkout/challenge_link.hpp"
#include "api/embedded_files.hpp"
#include "api/checkout/pages.hpp"
#include "cards/card_number.hpp"
#include "crypto/base64.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "engine/errors.hpp"
#include "engine/payment_methods.hpp"
#include "engine/state_machine.hpp"
#include "http/form.hpp"
#include "json/access.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "money/product_total.hpp"

namespace tender::api::checkout {

namespace bj = boost::json;
namespace mustache = kainjow::mustache;
using engine::Status;
using http::Request;
using http::Response;
using http::RouteParams;

namespace {

constexpr const char* kCsrfCookie = "tender_csrf";

std::string base_path(const std::string& id) { return "/p/" + id + "/"; }

std::string display(std::int64_t minor, const std::string& currency) {
  const auto* c = money::find_currency(currency);
  return c ? money::format_display(minor, *c) : std::to_string(minor) + " " + currency;
}

using json::text;

// The purchase's products as page rows, with each line's total computed by the money module.
mustache::data product_rows(const engine::Purchase& p) {
  mustache::data rows{mustache::data::type::list};
  const auto* products = p.details.if_contains("products");
  if (!products || !products->is_array()) return rows;
  for (const auto& item : products->get_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    money::ProductLine line;
    if (auto* v = o.if_contains("price"); v && v->is_int64()) line.price_minor = v->get_int64();
    if (auto* v = o.if_contains("discount"); v && v->is_int64()) line.discount_minor = v->get_int64();
    if (auto q = money::parse_decimal(text(o, "quantity")); q.ok()) line.quantity = q.value;
    if (auto t = money::parse_decimal(text(o, "tax_percent")); t.ok()) line.tax_percent = t.value;
    if (auto* v = o.if_contains("total_price_override"); v && v->is_int64()) line.total_price_override = v->get_int64();
    auto totals = money::line_totals(line);
    mustache::data row;
    row.set("name", text(o, "name"));
    row.set("quantity", text(o, "quantity"));
    row.set("price", display(line.price_minor, p.currency));
    row.set("total", display(totals.ok ? totals.total_minor : 0, p.currency));
    rows.push_back(row);
  }
  return rows;
}

mustache::data base_data(const engine::Purchase& p, const std::string& title) {
  mustache::data d;
  d.set("title", title);
  auto lang = text(p.details, "language");
  d.set("language", lang.empty() ? "en" : lang);
  d.set("brand_name", p.brand_name);
  d.set("reference", p.reference.empty() ? p.reference_generated : p.reference);
  d.set("total_display", display(p.total_minor, p.currency));
  d.set("products", product_rows(p));
  d.set("is_test", p.is_test);
  return d;
}

std::string csrf_from_cookie(const Request& req) {
  auto cookie = req.header("Cookie");
  if (!cookie) return {};
  return http::cookie_value(*cookie, kCsrfCookie).value_or("");
}

bool csrf_ok(const Request& req, const http::FormFields& fields) {
  auto cookie = csrf_from_cookie(req);
  auto field = http::form_value(fields, "csrf_token");
  return !cookie.empty() && field && crypto::constant_time_equal(cookie, *field);
}

// Reuses the payer's token when present so several tabs keep working.
std::string ensure_csrf(const Request& req, Response& res, bool secure) {
  auto token = csrf_from_cookie(req);
  if (token.size() != 43) token = crypto::base64url_encode(crypto::random_bytes(32));
  res.with_header("Set-Cookie", std::string(kCsrfCookie) + "=" + token + "; Path=/p/; HttpOnly; SameSite=Strict" +
                                    (secure ? "; Secure" : ""));
  return token;
}

std::vector<std::string> merchant_targets(const engine::Purchase& p) {
  return {p.success_redirect, p.failure_redirect, p.cancel_redirect};
}

std::string last_error_message(const engine::Purchase& p) {
  for (auto it = p.transaction_data.attempts.rbegin(); it != p.transaction_data.attempts.rend(); ++it)
    if (it->error) return it->error->message;
  return "The payment did not go through.";
}

Response checkout_page(CheckoutContext& ctx, Request& req, const engine::Purchase& p, const std::string& error) {
  auto d = base_data(p, "Pay " + p.brand_name);
  bool payable = ctx.payments.can_pay(p);
  d.set("payable", payable);
  if (!payable) {
    d.set("not_payable_message", engine::is_payment_success(p.status)
                                     ? "This purchase is already paid for."
                                     : "This purchase can no longer be paid.");
  }
  if (!error.empty()) d.set("error", error);
  d.set("action", base_path(p.id) + "pay/");
  d.set("force_recurring", p.force_recurring || p.is_preauthorization());
  auto preferred = req.query_param("preferred").value_or("");
  d.set("preferred", engine::find_payment_method(preferred) ? preferred : std::string());
  if (!p.cancel_redirect.empty()) d.set("cancel_redirect", p.cancel_redirect);
  Response res = html_page(200, "", merchant_targets(p));
  d.set("csrf", ensure_csrf(req, res, ctx.secure_cookies));
  res.body = render_page("checkout", d);
  return res;
}

Response result_page(const engine::Purchase& p) {
  auto d = base_data(p, "Payment result");
  d.set("refresh_url", base_path(p.id) + "result/");
  const Status s = p.status;
  if (engine::is_payment_success(s)) {
    if (!p.success_redirect.empty()) return redirect(p.success_redirect);
    d.set("headline", "Payment successful");
    d.set("message", "Thank you. " + display(p.total_minor, p.currency) + " was paid to " + p.brand_name + ".");
    d.set("result_class", "good");
  } else if (engine::is_payment_in_flight(s)) {
    d.set("headline", "Payment processing");
    d.set("message", "Your bank has not answered yet. This usually takes a few seconds.");
    d.set("result_class", "wait");
    d.set("pending", true);
  } else if (engine::is_payment_failure(s)) {
    d.set("headline", "Payment failed");
    d.set("message", last_error_message(p));
    d.set("result_class", "bad");
    if (!p.failure_redirect.empty()) {
      d.set("retry_url", p.failure_redirect);
      d.set("retry_label", "Return to " + p.brand_name);
    } else if (engine::is_payable(s)) {  // failed, not blocked: the payer may try again
      d.set("retry_url", base_path(p.id));
      d.set("retry_label", "Try again");
    }
  } else {
    d.set("headline", "Payment not possible");
    d.set("message", "This purchase can no longer be paid.");
    d.set("result_class", "bad");
  }
  auto res = html_page(200, render_page("result", d), merchant_targets(p));
  if (engine::is_payment_in_flight(p.status))
    res.with_header("Refresh", "2; url=" + base_path(p.id) + "result/");
  return res;
}

// Where the payer goes after an attempt. Merchant-driven flows (Direct Post, server-to-server)
// land on the merchant's failure page; the hosted checkout shows its own result page first.
Response after_attempt(const engine::PayResult& r, bool direct_post) {
  const auto& p = r.purchase;
  switch (r.outcome) {
    case engine::PayOutcome::challenge:
      return redirect(challenge_path(p.id, r.challenge_id));
    case engine::PayOutcome::succeeded:
      return p.success_redirect.empty() ? redirect(base_path(p.id) + "result/") : redirect(p.success_redirect);
    case engine::PayOutcome::pending:
      return redirect(base_path(p.id) + "result/");
    case engine::PayOutcome::failed:
    case engine::PayOutcome::challenge_refused:  // pay_now only; the checkout always offers the challenge
      if (direct_post && !p.failure_redirect.empty()) return redirect(p.failure_redirect);
      return redirect(base_path(p.id) + "result/");
  }
  return redirect(base_path(p.id) + "result/");
}

Response pay(CheckoutContext& ctx, Request& req, const std::string& id, bool direct_post) {
  // The payment page reads the purchase first, for the page it shows again when the session
  // expired. Direct Post has no such page: the payment's own read finds an unknown id (not_found,
  // below), one read fewer on the hot path.
  std::optional<engine::Purchase> p;
  if (!direct_post) {
    p = ctx.payments.find(id);
    if (!p) return not_found_page();
  }
  auto fields = http::parse_form(req.body);
  if (!fields) return html_page(400, "Malformed form body.");
  if (!direct_post && !csrf_ok(req, *fields))
    return checkout_page(ctx, req, *p, "Your session expired. Please enter your card details again.");
  std::string flow = direct_post ? "direct_post" : "payform";
  try {
    auto form = read_card_form(*fields);
    engine::PayResult r;
    if (!form.card) {
      r = ctx.payments.record_failure(id, flow, req.remote_ip, form.error_code, form.error_message);
    } else {
      r = ctx.payments.pay_with_card(id, engine::CardPayment{*form.card, form.remember_card, flow, req.remote_ip, "", ""});
    }
    return after_attempt(r, direct_post);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::not_found) return not_found_page();
    auto fresh = ctx.payments.find(id);
    if (!fresh && !p) return not_found_page();
    if (direct_post && fresh && !fresh->failure_redirect.empty()) return redirect(fresh->failure_redirect);
    return checkout_page(ctx, req, fresh ? *fresh : *p, e.what());
  }
}

Response challenge_page(CheckoutContext& ctx, Request& req, const std::string& id, const std::string& challenge_id) {
  auto p = ctx.payments.find(id);
  auto masked = ctx.payments.challenge_card(id, challenge_id);
  if (!p || !masked) return not_found_page();
  auto d = base_data(*p, "3-D Secure authentication");
  d.set("action", challenge_path(id, challenge_id));
  d.set("masked_pan", *masked);
  Response res = html_page(200, "", merchant_targets(*p));
  d.set("csrf", ensure_csrf(req, res, ctx.secure_cookies));
  res.body = render_page("challenge", d);
  return res;
}

Response complete_challenge(CheckoutContext& ctx, Request& req, const std::string& id, const std::string& challenge_id) {
  auto fields = http::parse_form(req.body);
  if (!fields) return html_page(400, "Malformed form body.");
  if (!csrf_ok(req, *fields)) return challenge_page(ctx, req, id, challenge_id);
  auto choice = http::form_value(*fields, "result").value_or("");
  if (choice != "approve" && choice != "fail") return challenge_page(ctx, req, id, challenge_id);
  try {
    auto r = ctx.payments.complete_challenge(id, challenge_id, choice == "approve");
    return after_attempt(r, r.purchase.transaction_data.flow != "payform");
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::not_found) return not_found_page();
    auto p = ctx.payments.find(id);
    return p ? result_page(*p) : not_found_page();
  }
}

Response invoice_page(CheckoutContext& ctx, const std::string& id) {
  auto p = ctx.payments.find(id);
  if (!p) return not_found_page();
  auto d = base_data(*p, "Invoice " + (p->reference.empty() ? p->reference_generated : p->reference));
  d.set("status", std::string(engine::to_string(p->status)));
  d.set("payable", engine::is_payable(p->status));
  d.set("checkout_url", ctx.links.public_url + base_path(p->id));
  if (!p->issued.empty()) d.set("issued", p->issued);
  return html_page(200, render_page("invoice", d));
}

Response asset(const char* name, const char* type) {
  Response r{200, type, std::string(embedded(name)), {}};
  r.with_header("Cache-Control", "public, max-age=300").with_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

void add_checkout_routes(http::Router& router, CheckoutContext& ctx) {
  router.add("GET", "/static/checkout.css", [](Request&, const RouteParams&) { return asset("checkout.css", "text/css; charset=utf-8"); });
  router.add("GET", "/static/checkout.js", [](Request&, const RouteParams&) {
    return asset("checkout.js", "application/javascript; charset=utf-8");
  });
  router.add("GET", "/p/{id}/", [&ctx](Request& req, const RouteParams& prm) {
    auto p = ctx.payments.find(prm["id"]);
    if (!p) return not_found_page();
    if (engine::is_payable(p->status)) {
      ctx.payments.mark_viewed(p->id);
      p = ctx.payments.find(prm["id"]);
    }
    // A payment at the acquirer, or one stopped by risk rules (never payable again): the result.
    const Status s = p->status;
    if (engine::is_payment_in_flight(s) || (engine::is_payment_failure(s) && !engine::is_payable(s))) return result_page(*p);
    return checkout_page(ctx, req, *p, engine::is_payment_failure(s) ? last_error_message(*p) : "");
  });
  // A payment waits only where a fiber suspends (http::Wait::suspends).
  router.add("POST", "/p/{id}/pay/", [&ctx](Request& req, const RouteParams& prm) { return pay(ctx, req, prm["id"], false); },
             http::Wait::suspends);
  router.add("POST", "/p/{id}/direct_post/",
             [&ctx](Request& req, const RouteParams& prm) { return pay(ctx, req, prm["id"], true); }, http::Wait::suspends);
  router.add("GET", "/p/{id}/3ds/{challenge}/", [&ctx](Request& req, const RouteParams& prm) {
    return challenge_page(ctx, req, prm["id"], prm["challenge"]);
  });
  router.add("POST", "/p/{id}/3ds/{challenge}/", [&ctx](Request& req, const RouteParams& prm) {
    return complete_challenge(ctx, req, prm["id"], prm["challenge"]);
  });
  router.add("GET", "/p/{id}/result/", [&ctx](Request&, const RouteParams& prm) {
    auto p = ctx.payments.find(prm["id"]);
    return p ? result_page(*p) : not_found_page();
  });
  router.add("GET", "/p/{id}/invoice/", [&ctx](Request&, const RouteParams& prm) { return invoice_page(ctx, prm["id"]); });
}

}  // namespace tender::api::checkout
