#pragma once
// The one wrapper every dialect puts around a handler that acts for a caller, so that a handler
// is only about its own request:
//   1. authentication: the dialect's, refused in its format (401/403);
//   2. the body limit: the dialect's, refused in its format (413);
//   3. idempotency of POSTs: app::Idempotency under the Idempotency-Key header, or else the key
//      the dialect finds in the request (Dialect::implicit_idempotency_key), refusals in its format;
//   4. the engine-error mapping: an engine::EngineError becomes the dialect's error answer (inside
//      the idempotency run, so a retry gets the same refusal).
#include <functional>

#include "api/dialect.hpp"
#include "app/idempotency.hpp"
#include "engine/caller.hpp"
#include "http/router.hpp"

namespace tender::api {

using CallerHandler = std::function<http::Response(http::Request&, const http::RouteParams&, const engine::Caller&)>;

class DialectRoute {
 public:
  // Both must outlive the routes built; `idempotency` null: POSTs are not idempotent.
  DialectRoute(const Dialect& dialect, const app::Idempotency* idempotency)
      : dialect_(dialect), idempotency_(idempotency) {}

  http::RouteHandler operator()(CallerHandler handler) const;

 private:
  const Dialect& dialect_;
  const app::Idempotency* idempotency_;
};

}  // namespace tender::api
