#pragma once
// Collect routes for what follows a payment: capture, release, refund, recurring charges and
// tokens, mark as paid, and the test-mode simulations. The ledger's reports: account_routes.hpp.
#include "api/collect/purchase_json.hpp"
#include "engine/accounts.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/simulation_commands.hpp"
#include "api/dialect_route.hpp"
#include "http/router.hpp"

namespace tender::api::collect {

struct LifecycleContext {
  engine::Accounts& accounts;
  engine::LifecycleCommands& lifecycle;
  engine::SimulationCommands& simulations;
  Links links;
};

// `authed` wraps the handlers (api/dialect_route.hpp): Collect's authentication and errors.
void add_lifecycle_routes(http::Router& router, LifecycleContext& context, const DialectRoute& authed);

}  // namespace tender::api::collect
