#include "http/request_head.hpp"

#include <boost/url/parse.hpp>
#include <cstdint>

namespace tender::http {

void limit_parser(RequestParser& parser, const ServerOptions& options) {
  parser.body_limit(options.max_body_bytes);
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
}

bool decode_target(std::string_view target, Request& out) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  out.path = parsed->path();
  for (auto param : parsed->params()) out.query.emplace_back(param.key, param.has_value ? param.value : "");
  return true;
}

bool read_head(const boost::beast::http::request_header<>& head, Request& out) {
  out.method = std::string(head.method_string());
  out.target = std::string(head.target());
  if (!decode_target(out.target, out)) return false;
  for (const auto& field : head) {
    auto [it, inserted] = out.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  return true;
}

}  // namespace tender::http
