#pragma once
// JSON Schema (OpenAPI 3.1's dialect, draft 2020-12) of a field table: the types, limits,
// patterns and choices the table reader enforces, nothing more and nothing less.
#include <boost/json.hpp>

#include "api/schema/field.hpp"

namespace tender::api::schema {

boost::json::object field_schema(const Field& field);
// An object schema: properties, required, additionalProperties: false.
boost::json::object object_schema(Fields fields, std::string_view description = {});

}  // namespace tender::api::schema
