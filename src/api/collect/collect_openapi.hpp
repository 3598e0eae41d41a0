#pragma once
// The Collect API as Tender implements it, for the OpenAPI document: its routes with a request
// body table (purchase_fields.hpp) and their reads, its authentication, its answers (the seed's
// own Purchase schemas, openapi/templates/openapi_collect_schemas.json).
#include "api/schema/openapi_document.hpp"

namespace tender::api::collect {

schema::DocumentSpec openapi_spec();

}  // namespace tender::api::collect
