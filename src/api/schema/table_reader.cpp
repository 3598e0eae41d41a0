#include "api/schema/table_reader.hpp"

#include <map>
#include <mutex>
#include <regex>

#include "util/invariant.hpp"

namespace tender::api::schema {

namespace bj = boost::json;
using json::ErrorCode;

namespace {

// Patterns are compiled once each: the tables are static, so their text is the key.
const std::regex& compiled(std::string_view pattern) {
  static std::mutex mutex;
  static std::map<std::string_view, std::regex> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(std::string(pattern), std::regex::ECMAScript)).first;
  return it->second;
}

}  // namespace

// std::regex matches recursively, ~300 bytes of stack per character: a value longer than any a
// pattern may match is refused without running it (every patterned field's own limit is far below
// this), which also keeps the recursion within a handler fiber's stack (util/fiber.hpp).
constexpr std::size_t kMaxPatternInputChars = 1024;

bool check_string(const Field& field, const std::string& value, const std::string& path, json::FieldErrors& errors) {
  bool ok = true;
  if (!field.pattern.empty())
    ok = value.size() <= kMaxPatternInputChars && std::regex_search(value, compiled(field.pattern));
  if (ok && field.check) ok = field.check(value);
  if (!ok) errors.add(path, ErrorCode::invalid, std::string(field.invalid_message));
  return ok;
}

TableReader::TableReader(Fields table, const bj::object* object, std::string path, json::FieldErrors& errors)
    : table_(table), reader_(object, std::move(path), errors) {}

const Field& TableReader::field(std::string_view name) const {
  const Field* f = find_field(table_, name);
  TENDER_ASSERT(f != nullptr, "schema_field_in_table", "field {} is read but not in its table", name);
  return *f;
}

json::StringRule TableReader::string_rule(std::string_view name) const {
  const Field& f = field(name);
  return {.required = f.required, .nullable = f.nullable, .max_length = f.max_length, .min_length = f.min_length,
          .choices = f.choices};
}

json::IntRule TableReader::int_rule(std::string_view name) const {
  const Field& f = field(name);
  return {.required = f.required, .nullable = f.nullable, .min = f.minimum, .max = f.maximum};
}

void TableReader::reject_unknown() {
  const auto* o = reader_.object();
  if (!o) return;
  for (const auto& kv : *o)
    if (!find_field(table_, kv.key())) reader_.errors().add(reader_.path_of(kv.key()), ErrorCode::unknown_field);
}

std::optional<std::string> TableReader::string(std::string_view name) {
  const Field& f = field(name);
  TENDER_ASSERT(f.type == Type::string, "schema_field_type", "field {} is not a string", name);
  auto v = reader_.string(name, string_rule(name));
  if (v && !check_string(f, *v, reader_.path_of(name), reader_.errors())) return std::nullopt;
  return v;
}

std::optional<std::int64_t> TableReader::integer(std::string_view name) {
  TENDER_ASSERT(field(name).type == Type::integer, "schema_field_type", "field {} is not an integer", name);
  return reader_.integer(name, int_rule(name));
}

std::optional<bool> TableReader::boolean(std::string_view name) {
  const Field& f = field(name);
  TENDER_ASSERT(f.type == Type::boolean, "schema_field_type", "field {} is not a boolean", name);
  return reader_.boolean(name, f.required);
}

const bj::object* TableReader::object(std::string_view name) {
  const Field& f = field(name);
  TENDER_ASSERT(f.type == Type::object, "schema_field_type", "field {} is not an object", name);
  return reader_.object(name, f.required, f.nullable);
}

const bj::array* TableReader::array(std::string_view name) {
  const Field& f = field(name);
  TENDER_ASSERT(f.type == Type::array, "schema_field_type", "field {} is not an array", name);
  return reader_.array(name, f.required, f.min_items, f.max_items, f.nullable);
}

TableReader TableReader::nested(std::string_view name) {
  const Field& f = field(name);
  return TableReader(f.fields, object(name), reader_.path_of(name), reader_.errors());
}

std::optional<bj::object> TableReader::flat_object(std::string_view name) {
  auto r = nested(name);
  if (!r.object()) return std::nullopt;
  r.reject_unknown();
  return r.read_all();
}

bj::object TableReader::read_all() {
  bj::object out;
  for (const auto& f : table_) {
    switch (f.type) {
      case Type::string:
        if (auto v = string(f.name)) out[f.name] = *v;
        break;
      case Type::integer:
        if (auto v = integer(f.name)) out[f.name] = *v;
        break;
      case Type::boolean:
        if (auto v = boolean(f.name)) out[f.name] = *v;
        break;
      default:
        TENDER_ASSERT(false, "schema_flat_table", "read_all meets {}, which is not a flat field", f.name);
    }
  }
  return out;
}

}  // namespace tender::api::schema
