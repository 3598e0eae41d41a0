#include "api/collect/lenient_fields.hpp"

namespace tender::api::collect {

using json::ErrorCode;

std::optional<std::string> read_text_or_number(json::ObjectReader& r, std::string_view key, std::size_t max_length) {
  const auto* o = r.object();
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (v && v->is_int64()) return std::to_string(v->get_int64());
  if (v && v->is_uint64()) return std::to_string(v->get_uint64());
  return r.string(key, {.nullable = true, .max_length = max_length});
}

std::optional<bool> read_loose_flag(json::ObjectReader& r, std::string_view key) {
  const auto* o = r.object();
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_bool()) return v->get_bool();
  if (v->is_int64() && (v->get_int64() == 0 || v->get_int64() == 1)) return v->get_int64() == 1;
  if (v->is_string()) {
    const std::string_view s = v->get_string();
    if (s == "1" || s == "true") return true;
    if (s == "0" || s == "false" || s.empty()) return false;
  }
  r.errors().add(r.path_of(key), ErrorCode::invalid_type, "boolean");
  return std::nullopt;
}

bool blank(const json::ObjectReader& r, std::string_view key) {
  const auto* o = r.object();
  const auto* v = o ? o->if_contains(key) : nullptr;
  return v && (v->is_null() || (v->is_string() && v->get_string().empty()));
}

}  // namespace tender::api::collect
