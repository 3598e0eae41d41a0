#include "api/portal/portal_request.hpp"

#include <spdlog/spdlog.h>

#include "api/portal/portal_page.hpp"
#include "crypto/digest.hpp"
#include "engine/errors.hpp"

namespace tender::api::portal_pages {

namespace {

constexpr std::size_t kMaxFormFields = 64;

int status_of(const engine::EngineError& e) {
  switch (e.kind()) {
    case engine::ErrorKind::not_found: return 404;
    case engine::ErrorKind::conflict: return 409;
    case engine::ErrorKind::unavailable: return 503;
    default: return 400;
  }
}

// The signed-in user of the request, or nullopt.
std::optional<SignedIn> signed_in(PortalContext& ctx, const http::Request& req) {
  auto cookies = req.header("Cookie");
  if (!cookies) return std::nullopt;
  auto token = http::cookie_value(*cookies, kSessionCookie);
  if (!token) return std::nullopt;
  auto session = ctx.sessions.find(*token);
  if (!session) return std::nullopt;
  auto user = ctx.users.get(session->company_id, session->user_id);
  if (!user) return std::nullopt;  // removed since the session opened
  return SignedIn{std::move(*session), std::move(*user), req.remote_ip, req.target, {}};
}

http::Response run(PortalContext& ctx, http::Request& req, const http::RouteParams& params, SignedIn& who,
                   const PortalHandler& handler) {
  try {
    return handler(req, params, who);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::not_found) return error_page(404, "Not found", "There is no such object in this company.", &who);
    return error_page(status_of(e), "Not done", e.what(), &who);
  } catch (const portal::UserError& e) {
    return error_page(400, "Not done", e.what(), &who);
  }
}

}  // namespace

http::RouteHandler page(PortalContext& ctx, portal::Permission need, PortalHandler handler) {
  return [&ctx, need, handler = std::move(handler)](http::Request& req, const http::RouteParams& params) {
    auto who = signed_in(ctx, req);
    if (!who) return redirect("/portal/login");
    if (!who->may(need)) return error_page(403, "Not allowed", "Your role does not allow this page.", &*who);
    return run(ctx, req, params, *who, handler);
  };
}

http::RouteHandler action(PortalContext& ctx, portal::Permission need, PortalHandler handler) {
  return [&ctx, need, handler = std::move(handler)](http::Request& req, const http::RouteParams& params) {
    auto who = signed_in(ctx, req);
    if (!who) return error_page(403, "Signed out", "Your session has ended; sign in again.", nullptr);
    auto form = http::parse_form(req.body, kMaxFormFields);
    if (!form) return error_page(400, "Bad form", "The form sent could not be read.", &*who);
    auto token = http::form_value(*form, "csrf_token");
    if (!token || !crypto::constant_time_equal(*token, who->session.csrf_token))
      return error_page(403, "Form expired", "The form was not sent from this session's page; open the page again.", &*who);
    if (!who->may(need)) {
      spdlog::info("portal: {} ({}) refused {} {}", who->user.id, portal::role_name(who->user.role), req.method, req.path);
      return error_page(403, "Not allowed", "Your role does not allow this action.", &*who);
    }
    who->form = std::move(*form);
    return run(ctx, req, params, *who, handler);
  };
}

void audit(PortalContext& ctx, const SignedIn& who, std::string action, std::string object_id, std::string detail) {
  ctx.audit.record(portal::AuditEntry{{}, who.user.company_id, who.user.id, who.user.email, std::move(action),
                                      std::move(object_id), std::move(detail), who.ip, ctx.wall_clock.now_seconds()});
}

}  // namespace tender::api::portal_pages
