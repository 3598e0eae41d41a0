#pragma once
// Rendering portal pages: a page template (templates/portal_<name>.mustache) inside the layout
// (navigation for the user's role, the test/live switch, the logout form), served with a strict
// Content-Security-Policy: scripts and styles only from /portal/assets/, no inline script.
#include <kainjow/mustache.hpp>

#include <cstdint>
#include <string>

#include "api/portal/portal_request.hpp"
#include "http/message.hpp"

namespace tender::api::portal_pages {

using PageData = kainjow::mustache::data;

// `nav`: which navigation entry is current ("purchases", "create", "money", "developers", "team").
std::string render(const std::string& name, PageData data, const SignedIn* who, const std::string& nav = "");
http::Response html(int status, std::string body);
http::Response redirect(const std::string& location);
http::Response error_page(int status, const std::string& title, const std::string& message, const SignedIn* who);

// "MYR 12.34" (the currency's own exponent).
std::string money_text(std::int64_t minor, const std::string& currency);
// An amount for a table cell: {minor: "1234" (what tests and scripts read), text: "MYR 12.34"}.
PageData money_cell(std::int64_t minor, const std::string& currency);
// "2026-12-07 01:23:45 UTC"; "" for 0.
std::string time_text(std::int64_t unix_seconds);
// A query parameter value safe to put back into a link.
std::string url_encode(const std::string& text);

}  // namespace tender::api::portal_pages
