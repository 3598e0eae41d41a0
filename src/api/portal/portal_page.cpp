#include "api/portal/portal_page.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <stdexcept>

#include "api/embedded_files.hpp"
#include "api/page_headers.hpp"
#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "util/utc_time.hpp"

namespace tender::api::portal_pages {

namespace mustache = kainjow::mustache;

namespace {

std::string render_template(const std::string& file, const PageData& data) {
  mustache::mustache tmpl{std::string(embedded(file))};
  if (!tmpl.is_valid()) throw std::runtime_error("template " + file + ": " + tmpl.error_message());
  return tmpl.render(data);
}

}  // namespace

std::string render(const std::string& name, PageData data, const SignedIn* who, const std::string& nav) {
  if (who) {
    data.set("csrf_token", who->session.csrf_token);
    data.set("can_operate", who->may(portal::Permission::operate));
    data.set("can_administer", who->may(portal::Permission::administer));
    data.set("live", who->session.live);
  }
  std::string content = render_template("portal_" + name + ".mustache", data);
  PageData layout = data;
  layout.set("content", content);
  layout.set("signed_in", who != nullptr);
  if (who) {
    layout.set("user_email", who->user.email);
    layout.set("user_role", std::string(portal::role_name(who->user.role)));
    layout.set("live", who->session.live);
    layout.set("back", who->target);
  }
  if (!nav.empty()) layout.set("nav_" + nav, true);
  return render_template("portal_layout.mustache", layout);
}

http::Response html(int status, std::string body) {
  http::Response r{status, "text/html; charset=utf-8", std::move(body), {}};
  with_page_headers(r,
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                    "same-origin")
      .with_header("Cache-Control", "no-store");
  return r;
}

http::Response redirect(const std::string& location) {
  http::Response r{303, "text/plain; charset=utf-8", "", {}};
  r.with_header("Location", location).with_header("Cache-Control", "no-store");
  return r;
}

http::Response error_page(int status, const std::string& title, const std::string& message, const SignedIn* who) {
  PageData d;
  d.set("title", title);
  d.set("message", message);
  return html(status, render("message", d, who));
}

std::string money_text(std::int64_t minor, const std::string& currency) {
  const auto* c = money::find_currency(currency);
  return c ? money::format_display(minor, *c) : std::to_string(minor) + " " + currency;
}

PageData money_cell(std::int64_t minor, const std::string& currency) {
  PageData d;
  d.set("minor", std::to_string(minor));
  d.set("text", money_text(minor, currency));
  return d;
}

std::string time_text(std::int64_t unix_seconds) {
  return unix_seconds == 0 ? std::string() : util::utc_time(unix_seconds, "%Y-%m-%d %H:%M:%S UTC");
}

std::string url_encode(const std::string& text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

}  // namespace tender::api::portal_pages
