// Signing in and out, the test/live switch, and the portal's static assets.
#include <spdlog/spdlog.h>

#include "api/embedded_files.hpp"
#include "api/portal/portal_page.hpp"
#include "api/portal/portal_routes.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace tender::api::portal_pages {

namespace {

// The login form is posted before any session exists: its CSRF token is a random value in a
// cookie that the form repeats (double submit); SameSite=Strict keeps other sites from sending it.
constexpr const char* kLoginCsrfCookie = "tender_portal_login";
constexpr std::size_t kMaxLoginFormFields = 8;

std::string cookie(PortalContext& ctx, const std::string& name, const std::string& value, std::int64_t max_age_seconds) {
  std::string c = name + "=" + value + "; Path=/portal/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (ctx.https) c += "; Secure";
  return c;
}

Response login_page(PortalContext& ctx, int status, const std::string& error, const std::string& email) {
  const std::string token = crypto::random_token(32);
  PageData d;
  d.set("title", "Sign in");
  d.set("login_csrf", token);
  d.set("email", email);
  if (!error.empty()) d.set("error", error);
  auto r = html(status, render("login", d, nullptr));
  r.with_header("Set-Cookie", cookie(ctx, kLoginCsrfCookie, token, 3600));
  return r;
}

Response post_login(PortalContext& ctx, Request& req) {
  auto form = http::parse_form(req.body, kMaxLoginFormFields);
  if (!form) return login_page(ctx, 400, "The form could not be read.", "");
  const auto email = portal::normalized_email(http::form_value(*form, "email").value_or(""));
  const auto password = http::form_value(*form, "password").value_or("");
  const auto sent = http::form_value(*form, "csrf_token").value_or("");
  const auto expected = req.header("Cookie") ? http::cookie_value(*req.header("Cookie"), kLoginCsrfCookie) : std::nullopt;
  if (sent.empty() || !expected || !crypto::constant_time_equal(sent, *expected))
    return login_page(ctx, 403, "The form expired; sign in again.", email);
  const auto now = ctx.wall_clock.now_seconds();
  if (!ctx.throttle.allowed(email, req.remote_ip, now)) {
    const auto wait = ctx.throttle.retry_after(email, req.remote_ip, now);
    auto r = login_page(ctx, 429, "Too many failed attempts. Try again in " + std::to_string((wait + 59) / 60) + " minutes.", email);
    r.with_header("Retry-After", std::to_string(wait));
    return r;
  }
  auto user = ctx.users.verify(email, password);
  if (!user) {
    ctx.throttle.failed(email, req.remote_ip, now);
    spdlog::info("portal: failed sign-in from {}", req.remote_ip);
    return login_page(ctx, 401, "Wrong email or password.", email);
  }
  ctx.throttle.succeeded(email);
  auto opened = ctx.sessions.open(user->company_id, user->id);
  SignedIn who{opened.session, *user, req.remote_ip, "/portal/purchases", {}};
  audit(ctx, who, "session.login", user->id, "");
  auto r = redirect("/portal/purchases");
  r.with_header("Set-Cookie", cookie(ctx, kSessionCookie, opened.token, portal::kSessionLifetimeSeconds));
  r.with_header("Set-Cookie", cookie(ctx, kLoginCsrfCookie, "", 0));
  return r;
}

Response asset(const std::string& name) {
  static const std::pair<const char*, const char*> kAssets[] = {
      {"portal.css", "text/css; charset=utf-8"},
      {"portal.js", "application/javascript; charset=utf-8"},
      {"portal_charts.js", "application/javascript; charset=utf-8"},
      {"uPlot.iife.min.js", "application/javascript; charset=utf-8"},
      {"uPlot.min.css", "text/css; charset=utf-8"},
  };
  for (const auto& [file, type] : kAssets) {
    if (name != file) continue;
    Response r{200, type, std::string(embedded(file)), {}};
    r.with_header("Cache-Control", "public, max-age=3600").with_header("X-Content-Type-Options", "nosniff");
    return r;
  }
  return error_page(404, "Not found", "There is no such file.", nullptr);
}

}  // namespace

void add_login_routes(http::Router& router, PortalContext& ctx) {
  router.add("GET", "/portal/", [](Request&, const RouteParams&) { return redirect("/portal/purchases"); });
  router.add("GET", "/portal/login", [&ctx](Request&, const RouteParams&) { return login_page(ctx, 200, "", ""); });
  router.add("POST", "/portal/login", [&ctx](Request& req, const RouteParams&) { return post_login(ctx, req); });
  router.add("POST", "/portal/logout", action(ctx, Permission::read, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    audit(ctx, who, "session.logout", who.user.id, "");
    if (auto c = req.header("Cookie")) ctx.sessions.close(http::cookie_value(*c, kSessionCookie).value_or(""));
    auto r = redirect("/portal/login");
    r.with_header("Set-Cookie", cookie(ctx, kSessionCookie, "", 0));
    return r;
  }));
  router.add("POST", "/portal/mode", action(ctx, Permission::read, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    ctx.sessions.set_live(who.session, who.field("mode") == "live");
    auto back = who.field("back");
    // Only a path of the portal itself: never an open redirect.
    if (back.rfind("/portal/", 0) != 0 || back.find("//") != std::string::npos || back.find('\\') != std::string::npos)
      back = "/portal/purchases";
    return redirect(back);
  }));
  router.add("GET", "/portal/assets/{name}", [](Request&, const RouteParams& p) { return asset(p["name"]); });
}

}  // namespace tender::api::portal_pages
