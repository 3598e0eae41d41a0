#pragma once
// The Collect API under /api/v1/: authentication, routing and JSON in/out; no business rules.
#include "api/collect/purchase_json.hpp"
#include "engine/accounts.hpp"
#include "engine/client_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "http/router.hpp"

namespace tender::api::collect {

struct CollectContext {
  engine::Accounts& accounts;
  engine::PurchaseCommands& purchases;
  engine::ClientCommands& clients;
  Links links;
};

void add_collect_routes(http::Router& router, CollectContext& context);

}  // namespace tender::api::collect
