#pragma once
#include <string>

namespace tender::engine {
// A random (version 4) UUID in canonical lowercase text form.
std::string new_id();
// A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter within the
// millisecond, then random bits. Ids made by this process sort in the order they were made, so
// records listed by (created_on, id) keep their order inside one second.
std::string new_time_ordered_id();
// True when `text` is a canonical UUID; ids from URLs are checked before any lookup.
bool is_uuid(const std::string& text);
}  // namespace tender::engine
