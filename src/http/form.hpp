#pragma once
// application/x-www-form-urlencoded bodies (checkout and Direct Post forms).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tender::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Decoded fields in order, or nullopt for a malformed body. At most `max_fields` fields.
std::optional<FormFields> parse_form(std::string_view body, std::size_t max_fields = 64);
std::optional<std::string> form_value(const FormFields& fields, std::string_view name);
// The Cookie header's value for `name`.
std::optional<std::string> cookie_value(const std::string& cookie_header, std::string_view name);

}  // namespace tender::http
