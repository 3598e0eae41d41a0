#pragma once
// The one wrapper around every portal route that acts for a signed-in user:
//   1. the session: from the HttpOnly cookie; none (or expired) → the login page (GET) or 403 (POST);
//   2. the role: a route names the Permission it needs (portal/role.hpp); lacking it → 403;
//   3. for POSTs, the form: parsed, and its csrf_token compared with the session's → 403 when absent
//      or different;
//   4. engine refusals (EngineError) become the portal's error page, with the engine's message.
// Handlers then read `user` and act through the engine as `caller(live)`.
#include <functional>
#include <string>

#include "api/portal/portal_context.hpp"
#include "engine/caller.hpp"
#include "http/form.hpp"
#include "http/router.hpp"
#include "portal/role.hpp"

namespace tender::api::portal_pages {

// The names every page file uses.
using http::Request;
using http::Response;
using http::RouteParams;
using portal::Permission;

inline constexpr const char* kSessionCookie = "tender_portal";

struct SignedIn {
  portal::Session session;
  portal::User user;
  std::string ip;
  std::string target;     // the request's path and query (where the mode switch comes back to)
  http::FormFields form;  // a POST's fields (empty for GET)

  // The engine caller for one mode: the portal sees both of its company's modes.
  engine::Caller caller(bool live) const { return engine::Caller{user.company_id, !live, ip}; }
  engine::Caller caller() const { return caller(session.live); }
  bool may(portal::Permission p) const { return portal::allows(user.role, p); }
  std::string field(std::string_view name) const { return http::form_value(form, name).value_or(""); }
};

using PortalHandler = std::function<http::Response(http::Request&, const http::RouteParams&, SignedIn&)>;

// GET pages.
http::RouteHandler page(PortalContext& ctx, portal::Permission need, PortalHandler handler);
// POST forms.
http::RouteHandler action(PortalContext& ctx, portal::Permission need, PortalHandler handler);

// Records a write in the audit log as `who`.
void audit(PortalContext& ctx, const SignedIn& who, std::string action, std::string object_id, std::string detail);

}  // namespace tender::api::portal_pages
