// API keys in the portal: the company's keys of both modes (by prefix: only a hash of each key is
// stored), a new key shown in full once on the page that created it, and revocation after a
// confirmation page. Revoking deletes the key; it stops authenticating at once.
#include "api/portal/developer_pages.hpp"
#include "engine/errors.hpp"

namespace tender::api::portal_pages {

namespace {

PageData key_data(const engine::ApiKey& k) {
  PageData d;
  d.set("id", k.id);
  d.set("prefix", k.prefix);
  d.set("live", k.live);
  d.set("created", time_text(k.created_on));
  return d;
}

Response keys_page(PortalContext& ctx, int status, SignedIn& who, const std::string& notice, const std::string& error) {
  PageData rows{PageData::type::list};
  for (const auto& k : ctx.accounts.api_keys(who.user.company_id)) rows.push_back(key_data(k));
  auto d = developer_page_data("keys", "API keys");
  d.set("keys", rows);
  d.set("has_keys", !rows.is_empty_list());
  d.set("live_selected", who.session.live);
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  return html(status, render("developers_keys", d, &who, "developers"));
}

engine::ApiKey key_of(PortalContext& ctx, const SignedIn& who, const std::string& id) {
  for (auto& k : ctx.accounts.api_keys(who.user.company_id))
    if (k.id == id) return k;
  throw engine::not_found();
}

Response create_key(PortalContext& ctx, SignedIn& who) {
  const auto mode = who.field("mode");
  if (mode != "test" && mode != "live") return keys_page(ctx, 400, who, "", "Mode: choose test or live.");
  engine::NewApiKey created;
  try {
    created = ctx.accounts.create_api_key(who.user.company_id, mode == "live", ctx.wall_clock.now_seconds());
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::invalid_input) throw;
    return keys_page(ctx, 400, who, "", e.what());
  }
  // The prefix only: the audit log, like every log, never holds a secret.
  audit(ctx, who, "api_key.create", created.key.id, mode + " key " + created.key.prefix + "…");
  auto d = developer_page_data("keys", "API key created");
  d.set("key", key_data(created.key));
  d.set("secret", created.secret);
  // Answered directly, not redirected: the key exists only in this response (no-store).
  return html(200, render("developers_key_created", d, &who, "developers"));
}

}  // namespace

void add_api_key_pages(http::Router& router, PortalContext& ctx) {
  const std::string base = std::string(kDevelopersPath) + "/keys";
  router.add("GET", base, page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    return keys_page(ctx, 200, who, notice_text(req.query_param("notice").value_or("")), "");
  }));
  router.add("POST", base, action(ctx, Permission::administer, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    return create_key(ctx, who);
  }));
  router.add("GET", base + "/{id}/revoke", page(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto d = developer_page_data("keys", "Revoke API key");
    d.set("key", key_data(key_of(ctx, who, p["id"])));
    return html(200, render("developers_key_revoke", d, &who, "developers"));
  }));
  router.add("POST", base + "/{id}/revoke", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams& p, SignedIn& who) {
    auto k = ctx.accounts.revoke_api_key(who.user.company_id, p["id"]);
    audit(ctx, who, "api_key.revoke", k.id, std::string(k.live ? "live" : "test") + " key " + k.prefix + "…");
    return redirect(std::string(kDevelopersPath) + "/keys?notice=key_revoked");
  }));
}

}  // namespace tender::api::portal_pages
