// The developer pages' registration and what their groups share (developer_pages.hpp).
#include "api/portal/developer_pages.hpp"
#include "api/portal/portal_routes.hpp"
#include "engine/errors.hpp"

namespace tender::api::portal_pages {

void add_developer_routes(http::Router& router, PortalContext& ctx) {
  add_webhook_pages(router, ctx);
  add_delivery_pages(router, ctx);
  add_api_key_pages(router, ctx);
  add_test_mode_pages(router, ctx);
}

webhooks::Webhook webhook_of(PortalContext& ctx, const SignedIn& who, const std::string& id) {
  const auto caller = who.caller();
  auto w = ctx.webhooks.get(caller, id);  // another company's (or a malformed id): not_found
  if (w.is_test != caller.is_test) throw engine::not_found();
  return w;
}

PageData developer_page_data(const std::string& tab, const std::string& title) {
  PageData d;
  d.set("title", title);
  d.set("tab_" + tab, true);
  return d;
}

std::string notice_text(const std::string& notice) {
  static const std::pair<const char*, const char*> kNotices[] = {
      {"webhook_created", "Webhook created. Its events are delivered from now on."},
      {"webhook_saved", "Webhook saved."},
      {"webhook_deleted", "Webhook deleted."},
      {"resent", "The delivery is queued to be sent again; reload to see the new attempt."},
      {"key_revoked", "API key revoked: it no longer authenticates."},
      {"clock", "Test clock moved forward; webhook retries that became due are sent now."},
  };
  for (const auto& [name, text] : kNotices)
    if (notice == name) return text;
  return {};
}

}  // namespace tender::api::portal_pages
