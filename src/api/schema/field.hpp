#pragma once
// The declarative description of a request body: one Field per member, with its JSON type and
// every limit. The same tables validate requests (table_reader.hpp) and generate the OpenAPI
// documents (json_schema.hpp), so what is documented is what is enforced.
//
// Tables are constexpr arrays: nested objects and array items point at other tables, which are
// defined first. A field's limits are those of the dialect's seed unless its table says why not.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tender::api::schema {

enum class Type {
  string,
  integer,
  boolean,
  object,              // nested members in `fields`; `open` allows any members (metadata)
  array,               // items described by `items`
  string_or_integer,   // a string a client may send as a number (lenient_fields: WooCommerce's reference)
  decimal,             // a decimal as a string, or a JSON number (Collect quantity, tax_percent)
  loose_boolean,       // a boolean, or "1"/"0"/"true"/"false"/"" or 1/0 (OpenCart's settings)
};

struct Field;
using Fields = std::span<const Field>;
using Choices = std::span<const std::string_view>;
// A semantic check of a string value that a regular expression cannot say (a URL's parse, an IP
// address); documented through `format`.
using StringCheck = bool (*)(const std::string&);

struct Field {
  std::string_view name;
  Type type = Type::string;
  bool required = false;
  bool nullable = false;
  std::size_t max_length = 0;  // characters; 0: none (every free-text field sets one)
  std::size_t min_length = 0;
  std::optional<std::int64_t> minimum;
  std::optional<std::int64_t> maximum;
  Choices choices = {};
  std::string_view pattern = {};  // ECMA-262, anchored: checked after the length limits
  std::string_view format = {};   // OpenAPI format ("uri", "email", "uuid", "ip"), checked by `check`
  StringCheck check = nullptr;
  std::string_view invalid_message = {};  // the dialect's words when `pattern` or `check` fails
  Fields fields = {};                     // Type::object
  const Field* items = nullptr;           // Type::array
  std::size_t min_items = 0;
  std::size_t max_items = 1000;
  bool open = false;  // Type::object: members not in `fields` are kept (else refused as unknown)
  // Type::object whose members depend on a discriminating member: each alternative is an object
  // field of its own (documented as oneOf); the decoder picks the table by the discriminator.
  Fields one_of = {};
  std::string_view description = {};
  // Type::boolean that picks its object among alternatives (one_of): the one value it has there.
  std::optional<bool> boolean_const = {};
};

// The field of `table` named `name`, or null.
constexpr const Field* find_field(Fields table, std::string_view name) {
  for (const auto& f : table)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace tender::api::schema
