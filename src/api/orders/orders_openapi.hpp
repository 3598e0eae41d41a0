#pragma once
// The Orders API as Tender implements it, for the OpenAPI document: its routes, its
// authentication, its answers; request bodies come from order_fields.hpp.
#include "api/schema/openapi_document.hpp"

namespace tender::api::orders {

schema::DocumentSpec openapi_spec();

}  // namespace tender::api::orders
