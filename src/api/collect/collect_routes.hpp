#pragma once
// The Collect API under /api/v1/: authentication, routing and JSON in/out; no business rules.
#include "api/collect/purchase_json.hpp"
#include "engine/accounts.hpp"
#include "engine/client_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "api/dialect_route.hpp"
#include "http/router.hpp"

namespace tender::api::collect {

struct CollectContext {
  engine::Accounts& accounts;
  engine::PurchaseCommands& purchases;
  engine::ClientCommands& clients;
  Links links;
};

// `authed` wraps the handlers (api/dialect_route.hpp): Collect's authentication and errors.
void add_collect_routes(http::Router& router, CollectContext& context, const DialectRoute& authed);

}  // namespace tender::api::collect
