#pragma once
// The bodies of webhook_routes.cpp as field tables: a webhook (POST and PUT, where title and
// callback are required; PATCH, where nothing is) and the test clock's advance. The routes read
// them through schema::TableReader and the OpenAPI document shows them. The event names are the
// webhooks module's (derived from the state machine at start-up), so these tables are built once
// at run time rather than at compile time.
#include "api/schema/field.hpp"

namespace tender::api::collect {

schema::Fields webhook_fields(bool full);
const schema::Field& webhook_body(bool full);

schema::Fields clock_advance_fields();
const schema::Field& clock_advance_body();

}  // namespace tender::api::collect
