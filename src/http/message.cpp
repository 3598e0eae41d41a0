#include "http/message.hpp"

#include <strings.h>

namespace tender::http {

bool HeaderNameLess::operator()(const std::string& a, const std::string& b) const {
  return ::strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::optional<std::string> Request::header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::vector<std::string> Request::query_params(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : query)
    if (k == name) values.push_back(v);
  return values;
}

}  // namespace tender::http
