#include "json/field_errors.hpp"

namespace tender::json {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::required: return "required";
    case ErrorCode::null_value: return "null";
    case ErrorCode::invalid_type: return "invalid_type";
    case ErrorCode::max_length: return "max_length";
    case ErrorCode::min_length: return "min_length";
    case ErrorCode::min_value: return "min_value";
    case ErrorCode::max_value: return "max_value";
    case ErrorCode::invalid_choice: return "invalid_choice";
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::unknown_field: return "unknown_field";
    case ErrorCode::min_items: return "min_items";
    case ErrorCode::max_items: return "max_items";
    case ErrorCode::not_unique: return "not_unique";
  }
  return "invalid";
}

bool FieldErrors::has(const std::string& path) const {
  for (const auto& e : errors_)
    if (e.path == path) return true;
  return false;
}

}  // namespace tender::json
