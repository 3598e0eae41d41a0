#pragma once
// The three dialects' OpenAPI documents, generated once per process from their field tables and
// routes (the tables are compiled in, so the documents cannot change while the server runs).
#include <boost/json.hpp>
#include <span>
#include <string>
#include <string_view>

namespace tender::api::openapi {

struct DialectDocument {
  std::string_view name;   // "collect", "s2s", "orders": the document is /openapi/<name>.json
  std::string_view title;  // shown on the reference page
};

std::span<const DialectDocument> dialect_documents();
// The document of `name` for a server at `public_url`; null for an unknown name.
const boost::json::object* document(std::string_view name, const std::string& public_url);

}  // namespace tender::api::openapi
