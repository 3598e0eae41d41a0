#include "api/dialect_route.hpp"

namespace tender::api {

namespace {

http::Response run_idempotent(const Dialect& dialect, const app::Idempotency& idempotency, const http::Request& req,
                              const engine::Caller& caller, const std::function<http::Response()>& run) {
  auto refuse = [&](const app::IdempotencyError& e) { return dialect.idempotency_error(e, caller); };
  if (!req.header(app::kIdempotencyHeader)) {
    if (auto key = dialect.implicit_idempotency_key(req)) {
      // The key is hashed with the request like a header would be: same key, other body = conflict.
      http::Request keyed = req;
      keyed.headers[app::kIdempotencyHeader] = *key;
      return idempotency.run(keyed, caller.company_id, run, refuse);
    }
  }
  return idempotency.run(req, caller.company_id, run, refuse);
}

}  // namespace

http::RouteHandler DialectRoute::operator()(CallerHandler handler) const {
  return [&dialect = dialect_, idempotency = idempotency_, handler = std::move(handler)](
             http::Request& req, const http::RouteParams& params) -> http::Response {
    auto auth = dialect.authenticate(req);
    if (!auth.caller) return auth.refusal;
    const engine::Caller caller = *auth.caller;
    if (req.body.size() > dialect.max_body_bytes()) return dialect.bad_body(BodyProblem::too_large, &caller);
    auto run = [&]() -> http::Response {
      try {
        return handler(req, params, caller);
      } catch (const engine::EngineError& e) {
        return dialect.engine_error(e, caller);
      }
    };
    if (!idempotency || req.method != "POST") return run();
    return run_idempotent(dialect, *idempotency, req, caller, run);
  };
}

}  // namespace tender::api
