#pragma once
// Checks on what people type into the developer and team forms, before it reaches the engine or
// the store, and the keyset cursor those pages put in their "Older" links. Every problem is a
// sentence that starts with the field's label, shown above the form it came from.
#include <cstdint>
#include <optional>
#include <string>

namespace tender::api::portal_pages {

// "" when `text` is valid UTF-8 of at most `max_bytes` without control characters (single-line
// fields: no tabs or line breaks either) and, when `required`, not empty; otherwise the problem,
// e.g. "Title: enter at most 100 characters."
std::string text_problem(const std::string& label, const std::string& text, std::size_t max_bytes, bool required);

// A whole number in [min, max] written in decimal digits only; nullopt otherwise.
std::optional<std::int64_t> bounded_integer(const std::string& text, std::int64_t min, std::int64_t max);

// Keyset position in a newest-first list: "<created_on>.<uuid>".
struct ListCursor {
  std::int64_t created_on = 0;
  std::string id;
};
std::string cursor_text(std::int64_t created_on, const std::string& id);
// nullopt for anything that is not exactly what cursor_text writes.
std::optional<ListCursor> parse_cursor(const std::string& text);

}  // namespace tender::api::portal_pages
