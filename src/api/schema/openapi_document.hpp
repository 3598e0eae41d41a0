#pragma once
// An OpenAPI 3.1 document of one dialect, built from its routes' descriptions and the same field
// tables that validate their bodies (json_schema.hpp). The hand-written parts (response schemas,
// security schemes) are JSON texts the dialect gives; request bodies are never written by hand.
#include <boost/json.hpp>
#include <string_view>
#include <vector>

#include "api/schema/field.hpp"

namespace tender::api::schema {

struct ResponseDoc {
  int status;
  std::string_view description;
  std::string_view schema_name = {};  // under components.schemas; empty: no body
};

struct Operation {
  std::string_view method;  // "get", "post", ...
  std::string_view path;    // OpenAPI template: "/api/v1/purchases/{id}/"
  std::string_view operation_id;
  std::string_view summary;
  std::string_view description = {};
  const Field* body = nullptr;  // an object field (its `open` says whether other members are kept); null: no body
  std::string_view example = {};  // JSON text of an example request body
  int example_status = 200;       // what the example is answered with (a documented response)
  // The operation whose example creates the object this one's {id} names (x-tender-fixture), so
  // that every example can be sent as it is to a fresh installation.
  std::string_view fixture = {};
  std::vector<ResponseDoc> responses;
};

struct DocumentSpec {
  std::string_view title;
  std::string_view description;
  std::string_view security_schemes;  // JSON text: components.securitySchemes
  std::string_view security;          // JSON text: the document's security requirement (an array)
  std::string_view schemas;           // JSON text: components.schemas for the responses
  std::vector<Operation> operations;
};

// The document; operations sharing a path share its path item. Throws std::invalid_argument when
// a JSON text does not parse or an example names a status its operation does not document (a
// build defect caught by the unit tests).
boost::json::object openapi_document(const DocumentSpec& spec, std::string_view server_url);

}  // namespace tender::api::schema
