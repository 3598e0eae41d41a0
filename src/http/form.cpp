#include "http/form.hpp"

#include <boost/url/params_view.hpp>
#include <string>

namespace tender::http {

std::optional<FormFields> parse_form(std::string_view body, std::size_t max_fields) {
  FormFields out;
  if (body.empty()) return out;
  try {
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;  // HTML forms encode spaces as '+'
    // Boost.URL 1.81's parse_query measures its input again with strlen (boostorg/url#757), reading
    // past the end of a view that is not NUL-terminated: it is given a terminated copy.
    const std::string terminated(body);
    boost::urls::params_view params(terminated, opts);
    for (auto p : params) {
      if (out.size() >= max_fields) return std::nullopt;
      out.emplace_back(p.key, p.has_value ? p.value : "");
    }
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> form_value(const FormFields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> cookie_value(const std::string& header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    auto end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    auto eq = header.find('=', pos);
    if (eq != std::string::npos && eq < end && std::string_view(header).substr(pos, eq - pos) == name)
      return header.substr(eq + 1, end - eq - 1);
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace tender::http
