#include "api/schema/json_schema.hpp"

namespace tender::api::schema {

namespace bj = boost::json;

namespace {

bj::value type_of(const Field& f) {
  bj::array types;
  switch (f.type) {
    case Type::string: types = {"string"}; break;
    case Type::integer: types = {"integer"}; break;
    case Type::boolean: types = {"boolean"}; break;
    case Type::object: types = {"object"}; break;
    case Type::array: types = {"array"}; break;
    case Type::string_or_integer: types = {"string", "integer"}; break;
    case Type::decimal: types = {"string", "number"}; break;
    case Type::loose_boolean: types = {"boolean", "string", "integer"}; break;
  }
  if (f.nullable) types.push_back("null");
  if (types.size() == 1) return types[0];
  return types;
}

}  // namespace

bj::object field_schema(const Field& f) {
  bj::object s;
  if (!f.one_of.empty()) {
    bj::array alternatives;
    for (const auto& alternative : f.one_of) alternatives.push_back(field_schema(alternative));
    if (!f.description.empty()) s["description"] = f.description;
    s["oneOf"] = std::move(alternatives);
    return s;
  }
  s["type"] = type_of(f);
  if (!f.description.empty()) s["description"] = f.description;
  if (f.max_length) s["maxLength"] = f.max_length;
  if (f.min_length) s["minLength"] = f.min_length;
  if (f.minimum) s["minimum"] = *f.minimum;
  if (f.maximum) s["maximum"] = *f.maximum;
  if (!f.pattern.empty()) s["pattern"] = f.pattern;
  if (!f.format.empty()) s["format"] = f.format;
  if (!f.choices.empty()) {
    bj::array values;
    for (auto c : f.choices) values.push_back(bj::string(c));
    if (f.nullable) values.push_back(nullptr);  // a nullable enum lists null, or null would not validate
    s["enum"] = std::move(values);
  }
  if (f.boolean_const) s["const"] = *f.boolean_const;
  if (f.type == Type::loose_boolean) {
    bj::array values{true, false, "1", "0", "true", "false", "", 1, 0};
    if (f.nullable) values.push_back(nullptr);
    s["enum"] = std::move(values);
  }
  if (f.type == Type::object) {
    auto nested = object_schema(f.fields);
    for (auto& kv : nested) s[kv.key()] = kv.value();
    if (f.open) s["additionalProperties"] = true;
  }
  if (f.type == Type::array) {
    if (f.items) s["items"] = field_schema(*f.items);
    if (f.min_items) s["minItems"] = f.min_items;
    s["maxItems"] = f.max_items;
  }
  return s;
}

bj::object object_schema(Fields fields, std::string_view description) {
  bj::object s{{"type", "object"}};
  if (!description.empty()) s["description"] = description;
  bj::object properties;
  bj::array required;
  for (const auto& f : fields) {
    properties[f.name] = field_schema(f);
    if (f.required) required.push_back(bj::string(f.name));
  }
  s["properties"] = std::move(properties);
  if (!required.empty()) s["required"] = std::move(required);
  s["additionalProperties"] = false;
  return s;
}

}  // namespace tender::api::schema
