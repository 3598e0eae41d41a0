#pragma once
// The Orders API (seed 004) under /v1/orders/: purchase (authorize and capture), and the
// companions a user of it expects: authorize (hold only), read, capture, void, refund. An enrolled
// card without source.auth waits for the payer at the 3-D Secure page (source.transaction_url).
// Authentication, decoding and encoding only: the purchase and every money movement are the
// engine's, the same objects the Collect and server-to-server dialects see.
#include "api/dialect_route.hpp"
#include "engine/accounts.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/payment_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace tender::api::orders {

struct OrdersContext {
  engine::Accounts& accounts;
  store::Store& store;  // read-only: the key's merchant (its company's first brand)
  engine::PurchaseCommands& purchases;
  engine::PaymentCommands& payments;
  engine::LifecycleCommands& lifecycle;
  std::string public_url;  // for the 3-D Secure page the payer is sent to (no trailing slash)
};

inline constexpr const char* kBasePath = "/v1/orders/";

// `authed` wraps the handlers (api/dialect_route.hpp): this dialect's authentication and errors.
void add_orders_routes(http::Router& router, OrdersContext& context, const DialectRoute& authed);

}  // namespace tender::api::orders
