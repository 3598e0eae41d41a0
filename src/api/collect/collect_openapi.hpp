#pragma once
// The Collect API as Tender implements it, for the OpenAPI document: every route the dialect
// serves (collect_openapi_<group>.cpp, one per routes file), its authentication, its answers (the
// seed's own Purchase schemas, openapi/templates/openapi_collect_schemas.json, and Tender's other
// objects, openapi_collect_tender_schemas.json). Request bodies are the decoders' field tables.
#include "api/schema/openapi_document.hpp"

namespace tender::api::collect {

schema::DocumentSpec openapi_spec();

}  // namespace tender::api::collect
