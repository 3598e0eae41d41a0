#include "api/checkout/pages.hpp"

#include <boost/url/parse.hpp>
#include <stdexcept>

#include "api/embedded_files.hpp"
#include "api/page_headers.hpp"

namespace tender::api::checkout {

namespace mustache = kainjow::mustache;

std::string render_page(const std::string& template_name, PageData data) {
  data.set("layout_head", mustache::partial([] { return std::string(embedded("layout_head.mustache")); }));
  mustache::mustache tmpl{std::string(embedded(template_name + ".mustache"))};
  if (!tmpl.is_valid()) throw std::runtime_error("template " + template_name + ": " + tmpl.error_message());
  return tmpl.render(data);
}

std::string origin_of(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u || !u->has_authority()) return {};
  return std::string(u->scheme()) + "://" + std::string(u->encoded_authority());
}

http::Response html_page(int status, std::string body, const std::vector<std::string>& form_targets) {
  std::string form_action = "'self'";
  for (const auto& t : form_targets) {
    auto o = origin_of(t);
    if (!o.empty() && o.find_first_of(" ;,'\"") == std::string::npos) form_action += " " + o;
  }
  http::Response r{status, "text/html; charset=utf-8", std::move(body), {}};
  with_page_headers(r,
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    "form-action " + form_action + "; frame-ancestors 'none'; base-uri 'none'",
                    "no-referrer")
      .with_header("Cache-Control", "no-store")
      .with_header("Pragma", "no-cache");
  return r;
}

http::Response message_page(int status, const std::string& title, const std::string& headline, const std::string& message) {
  PageData d;
  d.set("title", title);
  d.set("language", "en");
  d.set("brand_name", "Tender");
  d.set("headline", headline);
  d.set("message", message);
  d.set("result_class", "bad");
  return html_page(status, render_page("result", d));
}

http::Response not_found_page() { return message_page(404, "Not found", "Payment not found", "This payment link is not valid."); }

http::Response redirect(const std::string& location) {
  http::Response r{303, "text/plain; charset=utf-8", "", {}};
  r.with_header("Location", location).with_header("Cache-Control", "no-store").with_header("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace tender::api::checkout
