#include "api/openapi/openapi_dialect.hpp"

#include <boost/json.hpp>

#include "api/embedded_files.hpp"
#include "api/openapi/openapi_documents.hpp"
#include "api/openapi/reference_page.hpp"
#include "api/page_headers.hpp"

namespace tender::api::openapi {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

Response message(int status, const std::string& text) {
  return Response{status, "application/json", bj::serialize(bj::object{{"message", text}}), {}};
}

Response document_response(const bj::object& doc) {
  Response r{200, "application/json", bj::serialize(doc), {}};
  // Public and the same for everyone; a browser page of another origin may fetch it (API tools).
  r.with_header("Access-Control-Allow-Origin", "*").with_header("Cache-Control", "public, max-age=300");
  return r;
}

// The portal's policy: no script at all here, styles from this server only.
Response page(std::string html, std::string_view content_type) {
  Response r{200, std::string(content_type), std::move(html), {}};
  with_page_headers(r, "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                    "same-origin")
      .with_header("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace

void OpenApiDialect::add_routes(http::Router& router) {
  for (const auto& d : dialect_documents()) {
    std::string name(d.name);
    router.add("GET", "/openapi/" + name + ".json", [this, name](Request&, const http::RouteParams&) {
      return document_response(*document(name, public_url_));
    });
  }
  router.add("GET", "/openapi/", [this](Request&, const http::RouteParams&) {
    return page(reference_page_html(public_url_), "text/html; charset=utf-8");
  });
  router.add("GET", "/openapi/reference.css", [](Request&, const http::RouteParams&) {
    return page(std::string(embedded("openapi_reference.css")), "text/css; charset=utf-8");
  });
}

// No route asks who calls: the documents are public.
Authentication OpenApiDialect::authenticate(const Request& request) const { return {std::nullopt, not_found(request)}; }

Response OpenApiDialect::engine_error(const engine::EngineError& error, const engine::Caller&) const {
  return message(400, error.what());  // no route here calls the engine
}

Response OpenApiDialect::idempotency_error(const app::IdempotencyError& error, const engine::Caller&) const {
  return message(error.status, error.message);
}

Response OpenApiDialect::bad_body(BodyProblem problem, const engine::Caller*) const {
  return problem == BodyProblem::too_large ? message(413, "The request body is larger than the limit.")
                                           : message(400, "The request body could not be read.");
}

Response OpenApiDialect::not_found(const Request&) const {
  return message(404, "No such document: see /openapi/ for the list.");
}

Response OpenApiDialect::method_not_allowed(const Request&) const { return message(405, "The documents are read with GET."); }

}  // namespace tender::api::openapi
