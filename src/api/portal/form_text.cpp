#include "api/portal/form_text.hpp"

#include <algorithm>
#include <cctype>

#include <charconv>
#include <limits>

#include "engine/ids.hpp"

namespace tender::api::portal_pages {

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not a valid one (overlong forms,
// surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence(const std::string& s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) len = 2, cp = b0 & 0x1F;
  else if (b0 >= 0xE0 && b0 <= 0xEF) len = 3, cp = b0 & 0x0F;
  else if (b0 >= 0xF0 && b0 <= 0xF4) len = 4, cp = b0 & 0x07;
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return len;
}

}  // namespace

std::string text_problem(const std::string& label, const std::string& text, std::size_t max_bytes, bool required) {
  if (required && text.empty()) return label + ": this field is required.";
  if (text.size() > max_bytes) return label + ": enter at most " + std::to_string(max_bytes) + " characters.";
  for (std::size_t i = 0; i < text.size();) {
    const auto n = utf8_sequence(text, i);
    if (n == 0) return label + ": the text is not valid UTF-8.";
    const auto c = static_cast<unsigned char>(text[i]);
    if (n == 1 && (c < 0x20 || c == 0x7F)) return label + ": remove the control characters (tabs and line breaks included).";
    i += n;
  }
  return {};
}

std::optional<std::int64_t> bounded_integer(const std::string& text, std::int64_t min, std::int64_t max) {
  if (text.empty() || text.size() > 18) return std::nullopt;  // 18 digits always fit in int64
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

std::string cursor_text(std::int64_t created_on, const std::string& id) { return std::to_string(created_on) + "." + id; }

std::optional<ListCursor> parse_cursor(const std::string& text) {
  const auto dot = text.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto created_on = bounded_integer(text.substr(0, dot), 0, std::numeric_limits<std::int64_t>::max());
  std::string id = text.substr(dot + 1);
  // Record ids are UUIDs, or time-ordered ids (audit entries): letters, digits, '-' and '_'.
  const bool id_ok = !id.empty() && id.size() <= 64 &&
                     std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
  if (!created_on || !id_ok) return std::nullopt;
  return ListCursor{*created_on, std::move(id)};
}

}  // namespace tender::api::portal_pages
