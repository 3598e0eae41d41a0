#include "api/dialect_registry.hpp"

#include "util/invariant.hpp"

namespace tender::api {

namespace {

// Used only when no dialect claims a path (none claims "/"): the router's plain answers.
http::Response unclaimed(int status, const char* text) {
  return http::Response{status, "text/plain; charset=utf-8", std::string(text) + "\n", {}};
}

}  // namespace

DialectRegistry::DialectRegistry(http::Router& router) : router_(router) {
  router_.set_not_found([this](http::Request& req) {
    const auto* dialect = owner(req.path);
    return dialect ? dialect->not_found(req) : unclaimed(404, "Not found.");
  });
  router_.set_method_not_allowed([this](http::Request& req) {
    const auto* dialect = owner(req.path);
    return dialect ? dialect->method_not_allowed(req) : unclaimed(405, "Method not allowed.");
  });
}

void DialectRegistry::add(std::unique_ptr<Dialect> dialect) {
  TENDER_ASSERT(dialects_.size() < kMaxDialects, "dialect_limit", "more than {} dialects", kMaxDialects);
  for (const auto& prefix : dialect->prefixes())
    TENDER_ASSERT(!prefix.empty() && prefix.front() == '/' && prefix.back() == '/', "dialect_prefix",
                  "dialect {}: prefix '{}' must start and end with '/'", dialect->name(), prefix);
  dialect->add_routes(router_);
  dialects_.push_back(std::move(dialect));
}

const Dialect* DialectRegistry::owner(std::string_view path) const {
  const Dialect* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& dialect : dialects_) {
    for (const auto& prefix : dialect->prefixes()) {
      if (path.starts_with(prefix) && (best == nullptr || prefix.size() > best_length)) {
        best = dialect.get();
        best_length = prefix.size();
      }
    }
  }
  return best;
}

http::Response DialectRegistry::body_too_large(const http::Request& request) const {
  const auto* dialect = owner(request.path);
  return dialect ? dialect->bad_body(BodyProblem::too_large, nullptr) : unclaimed(413, "Request body too large.");
}

}  // namespace tender::api
