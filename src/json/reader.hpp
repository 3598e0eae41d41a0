#pragma once
// Typed, limit-checked reading of a JSON object. Every read names its field, so errors carry the
// full dotted path; nothing is thrown for bad input, errors are collected for the dialect to render.
#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "json/field_errors.hpp"

namespace tender::json {

// Parses a request body with limits (depth) and without throwing; nullopt for malformed JSON.
std::optional<boost::json::value> parse_body(std::string_view body, std::string* error = nullptr);

struct StringRule {
  bool required = false;
  bool nullable = false;
  std::size_t max_length = 0;  // 0: no limit (callers always set one for free text)
  std::size_t min_length = 0;
  std::span<const std::string_view> choices = {};
};

struct IntRule {
  bool required = false;
  bool nullable = false;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
};

class ObjectReader {
 public:
  // `object` may be null (field absent): every read then reports absent/required.
  ObjectReader(const boost::json::object* object, std::string path, FieldErrors& errors);

  bool present(std::string_view key) const;  // present and not null
  bool has_key(std::string_view key) const;  // present, null or not
  std::string path_of(std::string_view key) const;
  FieldErrors& errors() { return errors_; }
  const boost::json::object* object() const { return object_; }

  std::optional<std::string> string(std::string_view key, const StringRule& rule);
  std::optional<std::int64_t> integer(std::string_view key, const IntRule& rule);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  // A nested object; reports invalid_type when the value is not an object. nullptr if absent.
  const boost::json::object* object(std::string_view key, bool required = false, bool nullable = false);
  const boost::json::array* array(std::string_view key, bool required = false, std::size_t min_items = 0,
                                  std::size_t max_items = 1000, bool nullable = false);
  // additionalProperties: false — every key not in `allowed` is an unknown_field error.
  void reject_unknown(std::initializer_list<std::string_view> allowed);

 private:
  const boost::json::value* find(std::string_view key) const;
  const boost::json::object* object_;
  std::string path_;
  FieldErrors& errors_;
};

std::string join_path(const std::string& prefix, std::string_view key);

}  // namespace tender::json
