#pragma once
// A dialect is one API shape Tender speaks (Collect, server-to-server, Orders, the checkout
// pages): its routes, how it tells who calls, and how it words every refusal. The engine is the
// same for all; a dialect only decodes, calls the engine and encodes. Adding one is a class
// implementing this interface and one registration line in app/dialects.cpp; the shared
// authentication + idempotency + body-limit + engine-error wrapper is api/dialect_route.hpp.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/idempotency.hpp"
#include "engine/caller.hpp"
#include "engine/errors.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace tender::api {

// The server refuses larger bodies before any route runs (http::ServerOptions::max_body_bytes);
// a dialect may set a lower limit of its own.
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;

enum class BodyProblem {
  malformed,      // not JSON
  not_an_object,  // JSON, but not an object
  too_large,      // over the dialect's (or the server's) limit
};

// Who calls, or the dialect's own refusal (401/403 in its format) when it cannot tell.
struct Authentication {
  std::optional<engine::Caller> caller;
  http::Response refusal;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string_view name() const = 0;
  // Paths starting with one of these ("/v1/orders/") get this dialect's 404 and 405; the longest
  // matching prefix of all dialects wins.
  virtual std::vector<std::string> prefixes() const = 0;
  virtual void add_routes(http::Router& router) = 0;

  virtual Authentication authenticate(const http::Request& request) const = 0;
  // A key the request names without the Idempotency-Key header (Orders: its body's given_id).
  virtual std::optional<std::string> implicit_idempotency_key(const http::Request&) const { return std::nullopt; }
  virtual std::size_t max_body_bytes() const { return kMaxBodyBytes; }

  // Refusals, each in the dialect's own format. `caller` is null before authentication.
  virtual http::Response engine_error(const engine::EngineError& error, const engine::Caller& caller) const = 0;
  virtual http::Response idempotency_error(const app::IdempotencyError& error, const engine::Caller& caller) const = 0;
  virtual http::Response bad_body(BodyProblem problem, const engine::Caller* caller) const = 0;
  virtual http::Response not_found(const http::Request& request) const = 0;
  virtual http::Response method_not_allowed(const http::Request& request) const = 0;
};

}  // namespace tender::api
