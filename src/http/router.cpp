#include "http/router.hpp"

namespace tender::http {

std::vector<std::string> Router::split(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

void Router::add(std::string method, std::string pattern, RouteHandler handler, Wait wait) {
  auto segments = split(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler), wait});
}

bool Router::match(const Route& route, const std::vector<std::string>& segments, RouteParams& params) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& p = route.segments[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      params.values[p.substr(1, p.size() - 2)] = segments[i];
    } else if (p != segments[i]) {
      return false;
    }
  }
  return true;
}

const Router::Route* Router::find(const Request& request, const std::vector<std::string>& segments,
                                  RouteParams& params, bool& path_matched) const {
  path_matched = false;
  for (const auto& route : routes_) {
    params.values.clear();
    if (!match(route, segments, params)) continue;
    path_matched = true;
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) return &route;
  }
  return nullptr;
}

Wait Router::wait_of(const Request& request) const {
  RouteParams params;
  bool path_matched = false;
  const Route* route = find(request, split(request.path), params, path_matched);
  return route ? route->wait : Wait::may;
}

Response Router::dispatch(Request& request, std::string_view* matched_pattern) const {
  RouteParams params;
  bool path_matched = false;
  if (const Route* route = find(request, split(request.path), params, path_matched)) {
    if (matched_pattern) *matched_pattern = route->pattern;
    return route->handler(request, params);
  }
  if (path_matched && method_not_allowed_) return method_not_allowed_(request);
  if (not_found_) return not_found_(request);
  return Response{404, "application/json", R"({"detail":"Not found."})", {}};
}

}  // namespace tender::http
