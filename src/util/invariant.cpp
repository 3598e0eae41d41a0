#include "util/invariant.hpp"

#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>

namespace tender::util {

void invariant_failed(std::string_view name, std::string_view condition, std::string_view file, int line,
                      const std::string& detail) noexcept {
  // stderr first and unbuffered: the log may be the thing that is broken.
  std::fprintf(stderr, "invariant violated: %.*s: %s (%.*s at %.*s:%d)\n", static_cast<int>(name.size()), name.data(),
               detail.c_str(), static_cast<int>(condition.size()), condition.data(), static_cast<int>(file.size()),
               file.data(), line);
  std::fflush(stderr);
  try {
    spdlog::critical("invariant violated: {}: {} ({} at {}:{})", name, detail, condition, file, line);
    spdlog::shutdown();
  } catch (...) {
  }
  std::abort();
}

}  // namespace tender::util
