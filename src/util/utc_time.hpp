#pragma once
// Unix seconds as UTC text in a strftime format ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", ...).
#include <cstdint>
#include <ctime>
#include <string>

namespace tender::util {

inline std::string utc_time(std::int64_t unix_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace tender::util
