#pragma once
// Maps (method, path pattern) to handlers. Patterns are segment lists where "{name}" captures one
// segment; a trailing slash in the pattern is optional in the request, because client libraries
// differ on it and the seeds always show it.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "http/wait.hpp"

namespace tender::http {

struct RouteParams {
  std::map<std::string, std::string> values;
  const std::string& operator[](const std::string& name) const { return values.at(name); }
};

using RouteHandler = std::function<Response(Request&, const RouteParams&)>;


class Router {
 public:
  void add(std::string method, std::string pattern, RouteHandler handler, Wait wait = Wait::may);
  // How the route this request would be dispatched to waits (Wait::may when none matches).
  Wait wait_of(const Request& request) const;
  // Answers with the matching handler, or `not_found` / `method_not_allowed` responses.
  // `matched_pattern`, when given, is set to the pattern of the route that answered (as added,
  // e.g. "/api/v1/purchases/{id}/"), or left empty when none did (404, 405): what the request
  // metrics are labelled with, never the raw path, which would give one series per purchase.
  Response dispatch(Request& request, std::string_view* matched_pattern = nullptr) const;
  void set_not_found(std::function<Response(Request&)> f) { not_found_ = std::move(f); }
  void set_method_not_allowed(std::function<Response(Request&)> f) { method_not_allowed_ = std::move(f); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
    Wait wait;
  };
  // The route for this method and path, or nullptr (404, 405).
  const Route* find(const Request& request, const std::vector<std::string>& segments, RouteParams& params,
                    bool& path_matched) const;
  static std::vector<std::string> split(const std::string& path);
  static bool match(const Route& route, const std::vector<std::string>& segments, RouteParams& params);
  std::vector<Route> routes_;
  std::function<Response(Request&)> not_found_;
  std::function<Response(Request&)> method_not_allowed_;
};

}  // namespace tender::http
