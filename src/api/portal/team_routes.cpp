#include "api/portal/portal_routes.hpp"

namespace tender::api::portal_pages {

void add_team_routes(http::Router& router, PortalContext& ctx) { (void)router, (void)ctx; }

}  // namespace tender::api::portal_pages
