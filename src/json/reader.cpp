#include "json/reader.hpp"

#include <algorithm>

namespace tender::json {

namespace bj = boost::json;

std::optional<bj::value> parse_body(std::string_view body, std::string* error) {
  bj::parse_options options;
  options.max_depth = 32;  // nesting beyond this is never a valid request of any dialect
  options.allow_invalid_utf8 = false;
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec, {}, options);
  if (ec) {
    if (error) *error = ec.message();
    return std::nullopt;
  }
  return v;
}

std::string join_path(const std::string& prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  return prefix + "." + std::string(key);
}

ObjectReader::ObjectReader(const bj::object* object, std::string path, FieldErrors& errors)
    : object_(object), path_(std::move(path)), errors_(errors) {}

const bj::value* ObjectReader::find(std::string_view key) const {
  if (!object_) return nullptr;
  return object_->if_contains(key);
}

bool ObjectReader::present(std::string_view key) const {
  auto* v = find(key);
  return v && !v->is_null();
}

bool ObjectReader::has_key(std::string_view key) const { return find(key) != nullptr; }

std::string ObjectReader::path_of(std::string_view key) const { return join_path(path_, key); }

std::optional<std::string> ObjectReader::string(std::string_view key, const StringRule& rule) {
  auto* v = find(key);
  if (!v || (v->is_null() && rule.nullable)) {
    if (!v && rule.required) errors_.add(path_of(key), ErrorCode::required);
    return std::nullopt;
  }
  if (v->is_null()) {
    errors_.add(path_of(key), ErrorCode::null_value);
    return std::nullopt;
  }
  if (!v->is_string()) {
    errors_.add(path_of(key), ErrorCode::invalid_type, "string");
    return std::nullopt;
  }
  std::string s(v->get_string());
  // Lengths count characters (code points), as the specs' maxLength does, not bytes.
  std::size_t chars = static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
  if (rule.max_length && chars > rule.max_length) {
    errors_.add(path_of(key), ErrorCode::max_length, {}, static_cast<std::int64_t>(rule.max_length));
    return std::nullopt;
  }
  if (chars < rule.min_length) {
    errors_.add(path_of(key), ErrorCode::min_length, {}, static_cast<std::int64_t>(rule.min_length));
    return std::nullopt;
  }
  if (!rule.choices.empty() && std::find(rule.choices.begin(), rule.choices.end(), s) == rule.choices.end()) {
    std::string list;
    for (auto c : rule.choices) list += (list.empty() ? "" : ", ") + std::string(c);
    errors_.add(path_of(key), ErrorCode::invalid_choice, list);
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, const IntRule& rule) {
  auto* v = find(key);
  if (!v || (v->is_null() && rule.nullable)) {
    if (!v && rule.required) errors_.add(path_of(key), ErrorCode::required);
    return std::nullopt;
  }
  if (v->is_null()) {
    errors_.add(path_of(key), ErrorCode::null_value);
    return std::nullopt;
  }
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64()) {
    errors_.add(path_of(key), ErrorCode::max_value, {}, rule.max.value_or(INT64_MAX));
    return std::nullopt;
  } else if (v->is_double()) {
    // JSON numbers like 100.0 are accepted only when integral; money never has fractions here.
    // The range is checked first: converting a double outside int64's range is undefined.
    double d = v->get_double();
    if (!(d <= 9.0e15 && d >= -9.0e15) || d != static_cast<double>(static_cast<std::int64_t>(d))) {
      errors_.add(path_of(key), ErrorCode::invalid_type, "integer");
      return std::nullopt;
    }
    n = static_cast<std::int64_t>(d);
  } else {
    errors_.add(path_of(key), ErrorCode::invalid_type, "integer");
    return std::nullopt;
  }
  if (rule.min && n < *rule.min) {
    errors_.add(path_of(key), ErrorCode::min_value, {}, *rule.min);
    return std::nullopt;
  }
  if (rule.max && n > *rule.max) {
    errors_.add(path_of(key), ErrorCode::max_value, {}, *rule.max);
    return std::nullopt;
  }
  return n;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
  auto* v = find(key);
  if (!v) {
    if (required) errors_.add(path_of(key), ErrorCode::required);
    return std::nullopt;
  }
  if (!v->is_bool()) {
    errors_.add(path_of(key), v->is_null() ? ErrorCode::null_value : ErrorCode::invalid_type, "boolean");
    return std::nullopt;
  }
  return v->get_bool();
}

const bj::object* ObjectReader::object(std::string_view key, bool required, bool nullable) {
  auto* v = find(key);
  if (!v || (v->is_null() && nullable)) {
    if (!v && required) errors_.add(path_of(key), ErrorCode::required);
    return nullptr;
  }
  if (!v->is_object()) {
    errors_.add(path_of(key), v->is_null() ? ErrorCode::null_value : ErrorCode::invalid_type, "object");
    return nullptr;
  }
  return &v->get_object();
}

const bj::array* ObjectReader::array(std::string_view key, bool required, std::size_t min_items,
                                     std::size_t max_items, bool nullable) {
  auto* v = find(key);
  if (!v || (v->is_null() && nullable)) {
    if (!v && required) errors_.add(path_of(key), ErrorCode::required);
    return nullptr;
  }
  if (!v->is_array()) {
    errors_.add(path_of(key), v->is_null() ? ErrorCode::null_value : ErrorCode::invalid_type, "array");
    return nullptr;
  }
  const auto& a = v->get_array();
  if (a.size() < min_items) {
    errors_.add(path_of(key), ErrorCode::min_items, {}, static_cast<std::int64_t>(min_items));
    return nullptr;
  }
  if (a.size() > max_items) {
    errors_.add(path_of(key), ErrorCode::max_items, {}, static_cast<std::int64_t>(max_items));
    return nullptr;
  }
  return &a;
}

void ObjectReader::reject_unknown(std::initializer_list<std::string_view> allowed) {
  if (!object_) return;
  for (const auto& kv : *object_) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(kv.key())) == allowed.end())
      errors_.add(path_of(kv.key()), ErrorCode::unknown_field);
  }
}

}  // namespace tender::json
