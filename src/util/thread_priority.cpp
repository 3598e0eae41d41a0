#include "util/thread_priority.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include "util/invariant.hpp"

namespace tender::util {

bool lower_this_thread_priority(int nice) {
  TENDER_ASSERT(nice >= 0 && nice <= 19, "thread_nice_in_range", "{}", nice);
  // PRIO_PROCESS with a thread id sets that thread alone on Linux (setpriority(2), "BUGS").
  return setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) == 0;
}

}  // namespace tender::util
