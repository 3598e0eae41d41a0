#include "api/s2s/s2s_routes.hpp"

#include <boost/algorithm/string/trim.hpp>
#include <boost/json.hpp>

#include "api/s2s/s2s_request.hpp"
#include "api/s2s/s2s_response.hpp"
#include "api/credentials.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "json/reader.hpp"

namespace tender::api::s2s {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr const char* kFlow = "server_to_server";

std::string trim(const std::string& s) { return boost::algorithm::trim_copy(s); }

struct Authenticated {
  std::optional<engine::Caller> caller;
  Response error;
};

// Both headers, as the seed's security requirement lists them together, naming the same key.
Authenticated authenticate(const Request& req, engine::Accounts& accounts) {
  auto authorization = req.header("Authorization");
  auto api_key = req.header("x-api-key");
  if (!authorization || !api_key || trim(*authorization).empty() || trim(*api_key).empty())
    return {std::nullopt, error_response(401, kMissingCredentials,
                                         "Authentication required: send 'Authorization: Basic <api key>' and "
                                         "'x-api-key: <api key>'.",
                                         false)};
  auto by_header = api::key_from_authorization(accounts, *authorization, false);
  auto by_x_key = accounts.authenticate(trim(*api_key));
  if (!by_header || !by_x_key)
    return {std::nullopt, error_response(401, kInvalidCredentials, "Invalid API key.", false)};
  if (by_header->id != by_x_key->id)
    return {std::nullopt,
            error_response(401, kInvalidCredentials, "Authorization and x-api-key must carry the same API key.", false)};
  return {engine::Caller{by_header->company_id, !by_header->live, req.remote_ip}, {}};
}

std::string challenge_url(const S2sContext& ctx, const engine::PayResult& r) {
  return ctx.links.public_url + "/p/" + r.purchase.id + "/3ds/" + r.challenge_id + "/";
}

Response pay(S2sContext& ctx, Request& req, const engine::Caller& caller, const char* api_version) {
  bool is_live = !caller.is_test;

  auto value = json::parse_body(req.body);
  if (!value) return error_response(400, kMalformedBody, "The request body is not valid JSON.", is_live);
  if (!value->is_object()) return error_response(400, kMalformedBody, "The request body must be a JSON object.", is_live);
  json::FieldErrors errors;
  auto payment = read_payment(value->get_object(), errors);
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
    auto purchase = ctx.purchases.create(caller, std::move(payment->purchase));
    auto r = ctx.payments.pay_with_card(purchase.id, engine::CardPayment{payment->card, false, kFlow, payer_ip, "", ""});
    switch (r.outcome) {
      case engine::PayOutcome::succeeded:
        return payment_response(r.purchase, GatewayInfo{});
      case engine::PayOutcome::pending:
        return payment_response(r.purchase, GatewayInfo{202, "INFO", kPaymentPending,
                                                         "Payment is being processed; its result is sent to webhook_url."});
      case engine::PayOutcome::challenge:
        if (!payment->has_return_urls) {
          auto failed = ctx.payments.record_failure(
              purchase.id, kFlow, payer_ip, "3ds_required",
              "3-D Secure authentication required: this card is enrolled, send return_url.success_url and "
              "return_url.decline_url.");
          return payment_response(failed.purchase, GatewayInfo{400, "ERROR", kReturnUrlRequired, failed.error_message});
        }
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

Response idempotency_refusal(const app::IdempotencyError& e, bool is_live) {
  using app::IdempotencyRefusal;
  switch (e.reason) {
    case IdempotencyRefusal::invalid_key: return error_response(e.status, kIdempotencyKeyInvalid, e.message, is_live);
    case IdempotencyRefusal::conflict: return error_response(e.status, kIdempotencyKeyReused, e.message, is_live);
    case IdempotencyRefusal::in_flight: return error_response(e.status, kInProgress, e.message, is_live);
    case IdempotencyRefusal::outcome_unknown: return error_response(e.status, kIdempotencyUnknown, e.message, is_live);
  }
  return error_response(e.status, kIdempotencyKeyInvalid, e.message, is_live);
}

http::RouteHandler payment_route(S2sContext& ctx, const char* api_version) {
  return [&ctx, api_version](Request& req, const http::RouteParams&) -> Response {
    auto auth = authenticate(req, ctx.accounts);
    if (!auth.caller) return auth.error;
    const engine::Caller caller = *auth.caller;
    auto run = [&]() { return pay(ctx, req, caller, api_version); };
    if (!ctx.idempotency) return run();
    bool is_live = !caller.is_test;
    return ctx.idempotency->run(req, caller.company_id, run,
                                [is_live](const app::IdempotencyError& e) { return idempotency_refusal(e, is_live); });
  };
}

}  // namespace

void add_s2s_routes(http::Router& router, S2sContext& ctx) {
  const std::string base = "/api/v1/server-to-server-interface/";
  router.add("POST", base + "payment", payment_route(ctx, "1"));
  router.add("POST", base + "paymentv2", payment_route(ctx, "2"));
  // The v2 seed's own curl example doubles the prefix; clients copy examples.
  router.add("POST", "/api/v1" + base + "paymentv2", payment_route(ctx, "2"));
}

}  // namespace tender::api::s2s
