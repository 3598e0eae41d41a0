#pragma once
#include <string>

namespace tender::engine {
// A random (version 4) UUID in canonical lowercase text form.
std::string new_id();
// True when `text` is a canonical UUID; ids from URLs are checked before any lookup.
bool is_uuid(const std::string& text);
}  // namespace tender::engine
