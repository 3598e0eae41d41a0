#pragma once
// Where the Collect provider's own clients send looser JSON than the seed's schema types, and the
// clients win (docs/collect-clients.md lists each case with the client and file that sends it).
// Each reader reports the field's error in the dialect's format when even the loose form is wrong.
#include <optional>
#include <string>

#include "json/reader.hpp"

namespace tender::api::collect {

// A string field a client may send as a JSON number (WooCommerce's order id as `reference`):
// the number's decimal text. Null is absent.
std::optional<std::string> read_text_or_number(json::ObjectReader& r, std::string_view key, std::size_t max_length);

// A boolean a client may send as "1"/"0"/"true"/"false"/"" or 1/0 (OpenCart passes its settings
// through); null is absent.
std::optional<bool> read_loose_flag(json::ObjectReader& r, std::string_view key);

// True when the key is present but null or "" (the Go SDK sends every unset string as ""):
// such a field is read as absent.
bool blank(const json::ObjectReader& r, std::string_view key);

}  // namespace tender::api::collect
