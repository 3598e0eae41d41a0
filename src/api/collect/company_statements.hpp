#pragma once
// Company statements (GET/POST /api/v1/company_statements/, GET …/{id}/): what Gravity Forms and
// GiveWP read to learn the company's id, each request kept per company and mode
// (docs/lifecycle.md, "Account").
#include "api/collect/account_routes.hpp"

namespace tender::api::collect {

void add_company_statement_routes(http::Router& router, AccountContext& context, const DialectRoute& authed);

}  // namespace tender::api::collect
