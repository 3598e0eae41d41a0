#pragma once
// Tolerant reads of stored JSON documents (our own storage format, already validated when
// written): a missing or mistyped member reads as empty/zero instead of throwing.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tender::json {

inline std::string text(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
inline std::int64_t integer(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}
inline bool flag(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}
inline boost::json::object object(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : boost::json::object();
}
// object(), moved out of `o` instead of copied (same memory resource: no node is copied).
inline boost::json::object take_object(boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_object() ? std::move(v->get_object()) : boost::json::object();
}
inline std::optional<std::int64_t> optional_integer(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v && v->is_int64()) return v->get_int64();
  return std::nullopt;
}
inline std::optional<std::string> optional_text(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v && v->is_string()) return std::string(v->get_string());
  return std::nullopt;
}

// The member as a reference to an object, or to a shared empty object.
inline const boost::json::object& object_ref(const boost::json::object& o, std::string_view key) {
  static const boost::json::object empty;
  auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : empty;
}
inline boost::json::value value_or_null(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v ? *v : boost::json::value(nullptr);
}
// A non-empty string member, else nullopt.
inline std::optional<std::string> nonempty_text(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v && v->is_string() && !v->get_string().empty()) return std::string(v->get_string());
  return std::nullopt;
}

}  // namespace tender::json
