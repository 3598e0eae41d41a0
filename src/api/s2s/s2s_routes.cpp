#include "api/s2s/s2s_routes.hpp"

#include <boost/json.hpp>

#include "api/checkout/challenge_link.hpp"
#include "api/s2s/s2s_request.hpp"
#include "api/s2s/s2s_response.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "json/reader.hpp"
#include "webhooks/address_policy.hpp"

namespace tender::api::s2s {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr const char* kFlow = "server_to_server";

std::string challenge_url(const S2sContext& ctx, const engine::PayResult& r) {
  return checkout::challenge_url(ctx.links.public_url, r.purchase.id, r.challenge_id);
}

Response pay(S2sContext& ctx, Request& req, const engine::Caller& caller, const char* api_version) {
  bool is_live = !caller.is_test;

  auto value = json::parse_body(req.body);
  if (!value) return error_response(400, kMalformedBody, "The request body is not valid JSON.", is_live);
  if (!value->is_object()) return error_response(400, kMalformedBody, "The request body must be a JSON object.", is_live);
  json::FieldErrors errors;
  auto payment = read_payment(value->get_object(), errors);
  if (payment) {
    // A live webhook_url may not be aimed at this server's own network (docs/webhooks.md).
    const auto& url = payment->purchase.success_callback;
    if (auto why = webhooks::refused_url_reason(webhooks::address_policy_from_env(), url, caller.is_test); !why.empty()) {
      errors.add("return_url.webhook_url", json::ErrorCode::invalid, why);
      payment.reset();
    }
  }
  if (!payment) return validation_response(errors, is_live);
  // merchant_id is a brand id of the key's company; anything else is refused before any lookup
  // could tell one company's merchants from another's.
  if (!engine::is_uuid(payment->merchant_id) || !ctx.accounts.brand(caller.company_id, payment->merchant_id))
    return error_response(403, kForeignMerchant,
                          "merchant_id is not a merchant of this API key: use a brand id of the key's company.", is_live);

  auto company = ctx.accounts.company(caller.company_id);
  auto& echo = payment->purchase.details[kDetailsKey].as_object();
  echo["api_version"] = api_version;
  echo["legal_name"] = company ? company->name : std::string();
  echo["merchant_ip"] = req.remote_ip;
  std::string payer_ip = payment->customer_ip.empty() ? req.remote_ip : payment->customer_ip;

  try {
    auto r = ctx.payments.pay_now(
        caller, engine::PayNow{std::move(payment->purchase), engine::CardPayment{payment->card, false, kFlow, payer_ip, "", ""},
                               payment->has_return_urls,
                               "3-D Secure authentication required: this card is enrolled, send return_url.success_url and "
                               "return_url.decline_url."});
    switch (r.outcome) {
      case engine::PayOutcome::succeeded:
        return payment_response(r.purchase, GatewayInfo{});
      case engine::PayOutcome::pending:
        return payment_response(r.purchase, GatewayInfo{202, "INFO", kPaymentPending,
                                                         "Payment is being processed; its result is sent to webhook_url."});
      case engine::PayOutcome::challenge_refused:
        return payment_response(r.purchase, GatewayInfo{400, "ERROR", kReturnUrlRequired, r.error_message});
      case engine::PayOutcome::challenge:
        return payment_response(r.purchase,
                                GatewayInfo{202, "INFO", kChallengeRequired,
                                            "3-D Secure authentication required: redirect the cardholder to redirect_url."},
                                challenge_url(ctx, r));
      case engine::PayOutcome::failed:
        return decline_response(r.purchase, r.error_code, r.error_message);
    }
    return decline_response(r.purchase, r.error_code, r.error_message);
  } catch (const engine::EngineError& e) {
    return engine_error_response(e, is_live);
  }
}

}  // namespace

void add_s2s_routes(http::Router& router, S2sContext& ctx, const DialectRoute& authed) {
  auto payment_route = [&](const char* api_version) {
    return authed([&ctx, api_version](Request& req, const http::RouteParams&, const engine::Caller& caller) {
      return pay(ctx, req, caller, api_version);
    });
  };
  // Every wait of a payment suspends (http::Wait::suspends): run as fibers on the I/O threads.
  router.add("POST", std::string(kBasePath) + "payment", payment_route("1"), http::Wait::suspends);
  router.add("POST", std::string(kBasePath) + "paymentv2", payment_route("2"), http::Wait::suspends);
  // The v2 seed's own curl example doubles the prefix; clients copy examples.
  router.add("POST", std::string(kDoubledBasePath) + "paymentv2", payment_route("2"), http::Wait::suspends);
}

}  // namespace tender::api::s2s
