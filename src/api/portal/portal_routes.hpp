#pragma once
// The portal's page groups, one file each; PortalDialect::add_routes registers them all.
#include "api/portal/portal_context.hpp"
#include "http/router.hpp"

namespace tender::api::portal_pages {

void add_login_routes(http::Router& router, PortalContext& ctx);      // login, logout, mode switch, assets
void add_purchase_routes(http::Router& router, PortalContext& ctx);   // list, one purchase, its actions
void add_create_routes(http::Router& router, PortalContext& ctx);     // new purchase or payment link
void add_money_routes(http::Router& router, PortalContext& ctx);      // balance, statement, charts, CSV
void add_developer_routes(http::Router& router, PortalContext& ctx);  // webhooks, API keys, test clock
void add_team_routes(http::Router& router, PortalContext& ctx);       // users and the audit log

}  // namespace tender::api::portal_pages
