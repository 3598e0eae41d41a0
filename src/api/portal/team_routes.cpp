// The team: the company's portal users (email, role, created), a new user (with the password they
// were given, or a generated one shown once), role changes and removal. portal::Users applies the
// rules (a plausible unique email, password length, the user limit, at least one owner kept); its
// refusals are shown above the forms, each naming its field.
#include "api/portal/form_text.hpp"
#include "api/portal/portal_routes.hpp"
#include "api/portal/team_pages.hpp"
#include "crypto/password_hash.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"

namespace tender::api::portal_pages {

namespace {

std::string field_label(const std::string& field) {
  if (field == "email") return "Email";
  if (field == "password") return "Password";
  if (field == "role") return "Role";
  return "User";
}

std::string notice_text(const std::string& notice) {
  if (notice == "role") return "Role changed.";
  if (notice == "removed") return "User removed; their sessions have ended.";
  return {};
}

PageData role_options(portal::Role selected) {
  PageData list{PageData::type::list};
  for (auto role : {portal::Role::owner, portal::Role::staff, portal::Role::viewer}) {
    PageData o;
    o.set("role", std::string(portal::role_name(role)));
    o.set("selected", role == selected);
    list.push_back(o);
  }
  return list;
}

portal::User user_of(PortalContext& ctx, const SignedIn& who, const std::string& id) {
  if (!engine::is_uuid(id)) throw engine::not_found();
  auto user = ctx.users.get(who.user.company_id, id);  // another company's: not found
  if (!user) throw engine::not_found();
  return *user;
}

// The users page; after a refusal, the create form keeps what was typed (never the password).
Response team_page(PortalContext& ctx, int status, SignedIn& who, const std::string& notice, const std::string& error) {
  PageData rows{PageData::type::list};
  for (const auto& u : ctx.users.list(who.user.company_id)) {
    PageData row;
    row.set("id", u.id);
    row.set("email", u.email);
    row.set("role", std::string(portal::role_name(u.role)));
    row.set("roles", role_options(u.role));
    row.set("created", time_text(u.created_on));
    row.set("you", u.id == who.user.id);
    rows.push_back(row);
  }
  auto d = team_page_data("users", "Team");
  d.set("users", rows);
  d.set("form_email", who.field("email"));
  auto typed_role = portal::parse_role(who.field("role"));
  d.set("new_roles", role_options(typed_role.value_or(portal::Role::viewer)));
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  return html(status, render("team", d, &who, "team"));
}

Response create_user(PortalContext& ctx, SignedIn& who) {
  const auto email = who.field("email");
  const auto password = who.field("password");
  if (auto p = text_problem("Email", email, portal::kMaxEmailBytes, true); !p.empty()) return team_page(ctx, 400, who, "", p);
  auto role = portal::parse_role(who.field("role"));
  if (!role) return team_page(ctx, 400, who, "", "Role: choose owner, staff or viewer.");
  if (password.size() > crypto::kMaxPasswordBytes)
    return team_page(ctx, 400, who, "", "Password: enter at most " + std::to_string(crypto::kMaxPasswordBytes) + " characters.");
  portal::NewUser created;
  try {
    created = ctx.users.create(who.user.company_id, email, *role,
                               password.empty() ? std::nullopt : std::optional(password), ctx.wall_clock.now_seconds());
  } catch (const portal::UserError& e) {
    return team_page(ctx, 400, who, "", field_label(e.field) + ": " + e.what());
  }
  audit(ctx, who, "user.create", created.user.id, created.user.email + " as " + std::string(portal::role_name(*role)));
  auto d = team_page_data("users", "User created");
  d.set("email", created.user.email);
  d.set("role", std::string(portal::role_name(created.user.role)));
  if (created.generated) d.set("password", created.password);
  // Answered directly, not redirected: a generated password exists only in this response (no-store).
  return html(200, render("team_user_created", d, &who, "team"));
}

Response change_role(PortalContext& ctx, const std::string& id, SignedIn& who) {
  auto user = user_of(ctx, who, id);
  auto role = portal::parse_role(who.field("role"));
  if (!role) return team_page(ctx, 400, who, "", "Role: choose owner, staff or viewer.");
  try {
    ctx.users.set_role(who.user.company_id, user.id, *role);
  } catch (const portal::UserError& e) {
    return team_page(ctx, 400, who, "", "Role of " + user.email + ": " + e.what());
  }
  audit(ctx, who, "user.role", user.id,
        user.email + ": " + std::string(portal::role_name(user.role)) + " → " + std::string(portal::role_name(*role)));
  // Demoting oneself ends one's access to this page: go where the new role may look.
  if (user.id == who.user.id && *role != portal::Role::owner) return redirect("/portal/purchases");
  return redirect(std::string(kTeamPath) + "?notice=role");
}

Response remove_user(PortalContext& ctx, const std::string& id, SignedIn& who) {
  auto user = user_of(ctx, who, id);
  try {
    ctx.users.remove(who.user.company_id, user.id);
  } catch (const portal::UserError& e) {
    return team_page(ctx, 400, who, "", "Remove " + user.email + ": " + e.what());
  }
  audit(ctx, who, "user.remove", user.id, user.email + " (" + std::string(portal::role_name(user.role)) + ")");
  if (user.id == who.user.id) return redirect("/portal/login");  // their session ended with them
  return redirect(std::string(kTeamPath) + "?notice=removed");
}

}  // namespace

PageData team_page_data(const std::string& tab, const std::string& title) {
  PageData d;
  d.set("title", title);
  d.set("tab_" + tab, true);
  return d;
}

void add_team_routes(http::Router& router, PortalContext& ctx) {
  const std::string base = kTeamPath;
  router.add("GET", base, page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    return team_page(ctx, 200, who, notice_text(req.query_param("notice").value_or("")), "");
  }));
  router.add("POST", base + "/users", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    return create_user(ctx, who);
  }));
  router.add("POST", base + "/users/{id}/role", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    return change_role(ctx, p["id"], who);
  }));
  router.add("GET", base + "/users/{id}/remove", page(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto user = user_of(ctx, who, p["id"]);
    auto d = team_page_data("users", "Remove user");
    d.set("id", user.id);
    d.set("email", user.email);
    d.set("role", std::string(portal::role_name(user.role)));
    d.set("you", user.id == who.user.id);
    return html(200, render("team_remove", d, &who, "team"));
  }));
  router.add("POST", base + "/users/{id}/remove", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    return remove_user(ctx, p["id"], who);
  }));
  add_team_audit_pages(router, ctx);
}

}  // namespace tender::api::portal_pages
