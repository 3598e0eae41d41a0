#pragma once
// Collect routes for the company's account, all read from the ledger (engine/ledger.hpp) of the
// caller's company: Tender's own GET /balance/ and /statement/, and the shapes CHIP's clients
// read: GET /account/json/balance/ and /account/json/turnover/ (docs/lifecycle.md, "Account").
// Company statements are in company_statements.hpp.
#include "api/collect/purchase_json.hpp"
#include "api/dialect_route.hpp"
#include "engine/accounts.hpp"
#include "engine/clock.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace tender::api::collect {

struct AccountContext {
  engine::Accounts& accounts;  // the brand_id filter
  store::Store& store;         // ledger reports through engine/ledger.hpp; statement requests
  engine::SystemClock& clock;  // a statement's created_on
  Links links;
};

// `authed` wraps the handlers (api/dialect_route.hpp): Collect's authentication and errors.
void add_account_routes(http::Router& router, AccountContext& context, const DialectRoute& authed);

}  // namespace tender::api::collect
