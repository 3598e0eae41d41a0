#pragma once
// Validation errors independent of any dialect: a dotted field path ("purchase.products.0.price"),
// a stable code and its limit. Each dialect renders them in its own error format and wording.
#include <cstdint>
#include <string>
#include <vector>

namespace tender::json {

enum class ErrorCode {
  required,        // field missing
  null_value,      // null where not allowed
  invalid_type,    // wrong JSON type
  max_length,      // string longer than limit
  min_length,      // string shorter than limit
  min_value,       // number below limit
  max_value,       // number above limit
  invalid_choice,  // not in enum
  invalid,         // bad format / pattern
  unknown_field,   // additionalProperties: false
  min_items,       // array shorter than limit
  max_items,       // array longer than limit
  not_unique,      // duplicate array items
};

const char* to_string(ErrorCode code);

struct FieldError {
  std::string path;     // dotted path; empty for errors about the whole request
  ErrorCode code;
  std::string detail;   // expected type, limit, choices... used by dialects to word the message
  std::int64_t limit = 0;
};

class FieldErrors {
 public:
  void add(std::string path, ErrorCode code, std::string detail = {}, std::int64_t limit = 0) {
    if (errors_.size() < kMaxErrors) errors_.push_back({std::move(path), code, std::move(detail), limit});
  }
  bool empty() const { return errors_.empty(); }
  const std::vector<FieldError>& list() const { return errors_; }
  bool has(const std::string& path) const;

 private:
  static constexpr std::size_t kMaxErrors = 100;  // a hostile body cannot grow the error response without bound
  std::vector<FieldError> errors_;
};

}  // namespace tender::json
