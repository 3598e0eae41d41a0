#pragma once
// Invariants that stay on in every build type (Release, RelWithDebInfo, Debug): unlike <cassert>,
// NDEBUG does not remove them. A broken invariant means the process's state can no longer be
// trusted to move money, so it stops at once, with a message naming the invariant, instead of
// writing anything more. Use it for what must never happen whatever the input; bad input is an
// error answer, not an assertion.
//
//   TENDER_ASSERT(captured <= authorized, "captured_within_authorized",
//                 "captured {} > authorized {} on purchase {}", captured, authorized, id);
#include <string>
#include <string_view>

#include <spdlog/fmt/fmt.h>

namespace tender::util {

// Writes "invariant violated: <name>: <detail> (<condition> at <file>:<line>)" to stderr and to
// the log, then aborts. Never returns.
[[noreturn]] void invariant_failed(std::string_view name, std::string_view condition, std::string_view file, int line,
                                   const std::string& detail) noexcept;

}  // namespace tender::util

// `name` is a short snake_case identifier of the invariant: tests and operators search for it.
#define TENDER_ASSERT(condition, name, ...)                                                              \
  do {                                                                                                   \
    if (!(condition)) [[unlikely]]                                                                       \
      ::tender::util::invariant_failed((name), #condition, __FILE__, __LINE__, fmt::format(__VA_ARGS__)); \
  } while (false)
