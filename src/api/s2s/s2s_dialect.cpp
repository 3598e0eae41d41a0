#include "api/s2s/s2s_dialect.hpp"

#include <boost/algorithm/string/trim.hpp>

#include "api/credentials.hpp"
#include "api/dialect_route.hpp"
#include "api/s2s/s2s_response.hpp"

namespace tender::api::s2s {

namespace {

std::string trim(const std::string& s) { return boost::algorithm::trim_copy(s); }

// Before a key is known, answers say is_live: false: nothing tells which mode the caller meant.
constexpr bool kUnknownMode = false;

}  // namespace

void S2sDialect::add_routes(http::Router& router) { add_s2s_routes(router, context_, DialectRoute(*this, &idempotency_)); }

// Both headers, as the seed's security requirement lists them together, naming the same key.
Authentication S2sDialect::authenticate(const http::Request& req) const {
  auto authorization = req.header("Authorization");
  auto api_key = req.header("x-api-key");
  if (!authorization || !api_key || trim(*authorization).empty() || trim(*api_key).empty())
    return {std::nullopt, error_response(401, kMissingCredentials,
                                         "Authentication required: send 'Authorization: Basic <api key>' and "
                                         "'x-api-key: <api key>'.",
                                         kUnknownMode)};
  auto by_header = api::key_from_authorization(context_.accounts, *authorization, false);
  auto by_x_key = context_.accounts.authenticate(trim(*api_key));
  if (!by_header || !by_x_key)
    return {std::nullopt, error_response(401, kInvalidCredentials, "Invalid API key.", kUnknownMode)};
  if (by_header->id != by_x_key->id)
    return {std::nullopt, error_response(401, kInvalidCredentials,
                                         "Authorization and x-api-key must carry the same API key.", kUnknownMode)};
  return {engine::Caller{by_header->company_id, !by_header->live, req.remote_ip}, {}};
}

http::Response S2sDialect::engine_error(const engine::EngineError& error, const engine::Caller& caller) const {
  return engine_error_response(error, !caller.is_test);
}

http::Response S2sDialect::idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const {
  return idempotency_error_response(error, !caller.is_test);
}

http::Response S2sDialect::bad_body(BodyProblem problem, const engine::Caller* caller) const {
  return body_error_response(problem, caller ? !caller->is_test : kUnknownMode);
}

http::Response S2sDialect::not_found(const http::Request&) const {
  return error_response(404, kNotFound, "No such endpoint: use POST payment or paymentv2.", kUnknownMode);
}

http::Response S2sDialect::method_not_allowed(const http::Request& request) const {
  return error_response(405, kMethodNotAllowed, "Method " + request.method + " is not allowed here: use POST.", kUnknownMode);
}

}  // namespace tender::api::s2s
