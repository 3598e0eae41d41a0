#pragma once
// The developer pages (owners only; Permission::administer), one file per group; developer_routes.cpp
// registers them all under /portal/developers:
//   developer_webhook_routes.cpp   webhooks: list, create, edit, delete
//   developer_delivery_routes.cpp  a webhook's delivery log, one delivery's attempts, resend
//   developer_key_routes.cpp       API keys: list, create (shown once), revoke
//   developer_test_routes.cpp      test mode: the test clock and the purchase simulations
// Webhooks, like purchases, belong to one mode: the pages show and act on the session's mode only,
// and another mode's (or company's) webhook is not found.
#include <optional>
#include <string>

#include "api/portal/form_text.hpp"
#include "api/portal/portal_page.hpp"
#include "http/router.hpp"
#include "webhooks/webhook.hpp"

namespace tender::api::portal_pages {

inline constexpr const char* kDevelopersPath = "/portal/developers";

void add_webhook_pages(http::Router& router, PortalContext& ctx);
void add_delivery_pages(http::Router& router, PortalContext& ctx);
void add_api_key_pages(http::Router& router, PortalContext& ctx);
void add_test_mode_pages(http::Router& router, PortalContext& ctx);

// The webhook `id` of the caller's company and session mode; throws engine::not_found otherwise.
webhooks::Webhook webhook_of(PortalContext& ctx, const SignedIn& who, const std::string& id);

// The page's delivery log of `webhook_id` (deliveries, newest first, from `after`) under "deliveries",
// "has_deliveries" and "older_url".
void add_delivery_log(PortalContext& ctx, const SignedIn& who, const std::string& webhook_id,
                      const std::optional<ListCursor>& after, PageData& data);

// Sets "tab_<tab>" for the developer pages' tab bar (webhooks, keys, test) and the page title.
PageData developer_page_data(const std::string& tab, const std::string& title);

// A fixed sentence for a `notice` query value a page redirected with; "" for unknown ones (the
// query is never echoed back).
std::string notice_text(const std::string& notice);

}  // namespace tender::api::portal_pages
