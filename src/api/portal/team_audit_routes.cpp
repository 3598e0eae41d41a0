// The audit log page: who changed what in the portal, newest first, in pages of kEntriesPerPage
// with an "Older" link that carries the keyset position of the last row shown.
#include "api/portal/form_text.hpp"
#include "api/portal/team_pages.hpp"

namespace tender::api::portal_pages {

namespace {

constexpr std::size_t kEntriesPerPage = 50;

Response audit_page(PortalContext& ctx, Request& req, SignedIn& who) {
  std::optional<ListCursor> after;
  if (auto a = req.query_param("after")) {
    after = parse_cursor(*a);
    if (!after) return error_page(400, "Bad link", "after: this is not a position in the audit log.", &who);
  }
  auto page = ctx.audit.list(who.user.company_id, after ? std::optional(after->created_on) : std::nullopt,
                             after ? std::optional(after->id) : std::nullopt, kEntriesPerPage);
  PageData rows{PageData::type::list};
  for (const auto& e : page.items) {
    PageData row;
    row.set("time", time_text(e.created_on));
    row.set("email", e.email);
    row.set("action", e.action);
    row.set("object_id", e.object_id);
    row.set("detail", e.detail);
    row.set("ip", e.ip);
    rows.push_back(row);
  }
  auto d = team_page_data("audit", "Audit log");
  d.set("entries", rows);
  d.set("has_entries", !rows.is_empty_list());
  d.set("paged", after.has_value());
  if (page.has_more && !page.items.empty())
    d.set("older_url", std::string(kTeamPath) + "/audit?after=" +
                           url_encode(cursor_text(page.items.back().created_on, page.items.back().id)));
  return html(200, render("audit", d, &who, "team"));
}

}  // namespace

void add_team_audit_pages(http::Router& router, PortalContext& ctx) {
  router.add("GET", std::string(kTeamPath) + "/audit", page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    return audit_page(ctx, req, who);
  }));
}

}  // namespace tender::api::portal_pages
