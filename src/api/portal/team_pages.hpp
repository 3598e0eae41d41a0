#pragma once
// The team pages (owners only; Permission::administer) under /portal/team:
//   team_routes.cpp        the company's portal users: list, create, change a role, remove
//   team_audit_routes.cpp  the audit log of every write made in the portal, newest first
#include "api/portal/portal_page.hpp"
#include "http/router.hpp"

namespace tender::api::portal_pages {

inline constexpr const char* kTeamPath = "/portal/team";

void add_team_audit_pages(http::Router& router, PortalContext& ctx);

// Sets "tab_<tab>" for the team pages' tab bar (users, audit) and the page title.
PageData team_page_data(const std::string& tab, const std::string& title);

}  // namespace tender::api::portal_pages
