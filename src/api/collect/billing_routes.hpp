#pragma once
// The Collect billing endpoints (docs/billing.md): /api/v1/billing/ and /api/v1/billing_templates/.
#include "api/collect/purchase_json.hpp"
#include "api/dialect_route.hpp"
#include "engine/accounts.hpp"
#include "engine/billing/billing_commands.hpp"
#include "http/router.hpp"

namespace tender::api::collect {

struct BillingContext {
  engine::Accounts& accounts;
  engine::billing::BillingCommands& billing;
  Links links;
};

void add_billing_routes(http::Router& router, BillingContext& context, const DialectRoute& authed);

}  // namespace tender::api::collect
