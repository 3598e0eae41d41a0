#include "metrics/text_format.hpp"

#include <charconv>
#include <cmath>

namespace tender::metrics {

namespace {

bool is_alpha_or_underscore(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_valid_metric_name(std::string_view name) {
  if (name.empty() || !(is_alpha_or_underscore(name[0]) || name[0] == ':')) return false;
  for (char c : name)
    if (!(is_alpha_or_underscore(c) || is_digit(c) || c == ':')) return false;
  return true;
}

bool is_valid_label_name(std::string_view name) {
  if (name.empty() || !is_alpha_or_underscore(name[0]) || name.starts_with("__")) return false;
  for (char c : name)
    if (!(is_alpha_or_underscore(c) || is_digit(c))) return false;
  return true;
}

void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '"': out.append("\\\""); break;
      case '\n': out.append("\\n"); break;
      default: out.push_back(c);
    }
  }
}

void append_help(std::string& out, std::string_view help) {
  for (char c : help) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      default: out.push_back(c);
    }
  }
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) return void(out.append("NaN"));
  if (std::isinf(value)) return void(out.append(value > 0 ? "+Inf" : "-Inf"));
  char buffer[32];
  // Integral values within the exact range of a double print without exponent or fraction.
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (value == std::trunc(value) && std::fabs(value) < kExactIntegers) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
    return void(out.append(buffer, end));
  }
  // The shortest form that reads back exactly, in fixed notation unless the exponent is far out.
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
  out.append(buffer, end);
}

void append_number(std::string& out, std::uint64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

}  // namespace tender::metrics
