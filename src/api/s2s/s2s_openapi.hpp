#pragma once
// The server-to-server Purchase API as Tender implements it, for the OpenAPI document: its routes,
// its authentication, its answers; request bodies come from s2s_fields.hpp.
#include "api/schema/openapi_document.hpp"

namespace tender::api::s2s {

schema::DocumentSpec openapi_spec();

}  // namespace tender::api::s2s
