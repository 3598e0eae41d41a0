#pragma once
// Reads a JSON object through its field table: each read takes the field's type and limits from
// the table (never from the call site), checks its pattern and format, and reports errors as
// json::FieldErrors with dotted paths, exactly as json::ObjectReader does. The decoder keeps the
// order of its reads (the dialects report the first error) and its own cross-field rules.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/schema/field.hpp"
#include "json/reader.hpp"

namespace tender::api::schema {

class TableReader {
 public:
  // `object` may be null (the member is absent): every read then reports absent/required.
  TableReader(Fields table, const boost::json::object* object, std::string path, json::FieldErrors& errors);

  // additionalProperties: false — every key the table does not name is an unknown_field error.
  void reject_unknown();

  std::optional<std::string> string(std::string_view name);
  std::optional<std::int64_t> integer(std::string_view name);
  std::optional<bool> boolean(std::string_view name);
  const boost::json::object* object(std::string_view name);
  const boost::json::array* array(std::string_view name);
  // The reader of a nested object member (its table is the field's); over null when absent or invalid.
  TableReader nested(std::string_view name);

  // Every member of the table in order, for flat tables of strings, integers and booleans: the
  // values that passed, under their names.
  boost::json::object read_all();
  // A nested object member whose table is flat, read whole: its unknown members refused, then
  // read_all(). Absent or not an object: nullopt.
  std::optional<boost::json::object> flat_object(std::string_view name);

  // The field's description; a name missing from the table is a defect of the decoder.
  const Field& field(std::string_view name) const;
  json::StringRule string_rule(std::string_view name) const;
  json::IntRule int_rule(std::string_view name) const;

  bool present(std::string_view key) const { return reader_.present(key); }
  bool has_key(std::string_view key) const { return reader_.has_key(key); }
  std::string path_of(std::string_view key) const { return reader_.path_of(key); }
  json::FieldErrors& errors() { return reader_.errors(); }
  const boost::json::object* object() const { return reader_.object(); }
  json::ObjectReader& raw() { return reader_; }
  Fields table() const { return table_; }

 private:
  Fields table_;
  json::ObjectReader reader_;
};

// The `pattern` and `check` of a string field; false (with the field's error added) when it fails.
bool check_string(const Field& field, const std::string& value, const std::string& path, json::FieldErrors& errors);

}  // namespace tender::api::schema
