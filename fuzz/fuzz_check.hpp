#pragma once
// What every fuzz harness asserts beyond "no crash, no sanitizer report". FUZZ_CHECK aborts with
// the broken property, so libFuzzer keeps the input as a crash.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "json/field_errors.hpp"

#define FUZZ_CHECK(condition)                                                             \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace tender::fuzz {

// Every error names the field it is about (the dialects render it under that name); only an
// unknown field may be the one whose name is "".
inline void check_errors_name_fields(const json::FieldErrors& errors) {
  for (const auto& e : errors.list()) FUZZ_CHECK(!e.path.empty() || e.code == json::ErrorCode::unknown_field);
}

// A decoder's verdict is consistent: a value exactly when there are no errors, each naming a field.
inline void check_verdict(bool decoded, const json::FieldErrors& errors) {
  FUZZ_CHECK(decoded == errors.empty());
  check_errors_name_fields(errors);
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace tender::fuzz
