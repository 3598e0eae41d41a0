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
  std::string_view fixture_example = {};  // JSON text sent instead of the fixture's own example (x-tender-fixture-example)
  Fields query = {};              // query parameters, each described as a field
  Fields path_params = {};        // path parameters with more to say than "a string" (an enum)
  std::string_view example_query = {};  // the query string the example is sent with (x-tender-example-query)
  // What the fixture needs beyond its example before this example can be sent (x-tender-setup): a
  // name the dialect's documentation defines ("hold": the purchase is paid with skip_capture).
  std::string_view setup = {};
  std::vector<ResponseDoc> responses;
};

struct DocumentSpec {
  std::string_view title;
  std::string_view description;
  std::string_view security_schemes;  // JSON text: components.securitySchemes
  std::string_view security;          // JSON text: the document's security requirement (an array)
  std::string_view schemas;           // JSON text: components.schemas for the responses
  std::string_view more_schemas = {};  // JSON text: more of them (a name in both is a defect)
  std::vector<Operation> operations;
};

// The document; operations sharing a path share its path item. Throws std::invalid_argument when
// a JSON text does not parse or an example names a status its operation does not document (a
// build defect caught by the unit tests).
boost::json::object openapi_document(const DocumentSpec& spec, std::string_view server_url);

}  // namespace tender::api::schema
