#include "http/descriptor_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <spdlog/spdlog.h>

namespace tender::http {

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    else spdlog::warn("could not raise the file descriptor limit from {} to {}", limit.rlim_cur, limit.rlim_max);
  }
  return limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t connection_cap(std::size_t configured, std::size_t descriptor_limit) {
  const std::size_t available = descriptor_limit > kReservedDescriptors ? descriptor_limit - kReservedDescriptors : 0;
  return std::min(configured, std::max(kMinConnections, available));
}

}  // namespace tender::http
