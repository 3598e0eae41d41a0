#pragma once
// Server-rendered pages (mustache templates embedded in the binary) and the headers every page
// that takes card data must carry.
#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace tender::api::checkout {

using PageData = kainjow::mustache::data;

std::string render_page(const std::string& template_name, PageData data);
// An HTML response with CSP (no third-party anything, no framing), no caching, no referrer.
// `form_targets`: origins the page's forms may end up at after a redirect (merchant redirects).
http::Response html_page(int status, std::string body, const std::vector<std::string>& form_targets = {});
// A page with one headline and one sentence (the result page's layout), for refusals.
http::Response message_page(int status, const std::string& title, const std::string& headline, const std::string& message);
http::Response not_found_page();
http::Response redirect(const std::string& location);
std::string origin_of(const std::string& url);

}  // namespace tender::api::checkout
