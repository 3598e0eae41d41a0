#pragma once
// The server-to-server Purchase API (seeds 000 and 001): POST /api/v1/server-to-server-interface/
// payment (v1) and .../paymentv2 (v2), also under the v2 seed's doubled /api/v1/api/v1/ prefix.
// Authentication, decoding and encoding only: the purchase and its payment are the engine's.
#include "api/collect/purchase_json.hpp"
#include "api/dialect_route.hpp"
#include "engine/accounts.hpp"
#include "engine/payment_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "http/router.hpp"

namespace tender::api::s2s {

struct S2sContext {
  engine::Accounts& accounts;
  engine::PurchaseCommands& purchases;
  engine::PaymentCommands& payments;
  collect::Links links;  // public URL, for the 3-D Secure page the payer is sent to
};

inline constexpr const char* kBasePath = "/api/v1/server-to-server-interface/";
inline constexpr const char* kDoubledBasePath = "/api/v1/api/v1/server-to-server-interface/";

// `authed` wraps the handlers (api/dialect_route.hpp): this dialect's authentication and errors.
void add_s2s_routes(http::Router& router, S2sContext& context, const DialectRoute& authed);

}  // namespace tender::api::s2s
