#pragma once
// The Collect document's operations, one group per routes file (collect_openapi_<group>.cpp),
// assembled by collect_openapi.cpp, and what they share: the answers every authenticated route
// may give and the ids the examples stand on (docs/openapi.md, "Examples").
#include <string_view>
#include <vector>

#include "api/schema/openapi_document.hpp"

namespace tender::api::collect::openapi_parts {

// Stand for objects of the caller's company: a reader (and the test) puts their own there.
inline constexpr std::string_view kExampleBrand = "00000000-0000-4000-8000-000000000000";
inline constexpr std::string_view kExampleClient = "00000000-0000-4000-8000-000000000001";
inline constexpr std::string_view kExampleRecurringToken = "00000000-0000-4000-8000-000000000002";

// The purchase example of createPurchase, and the same with skip_capture (a hold once paid) or
// force_recurring for a client of the caller's (a recurring token once paid, listed under the
// client): fixtures of the actions.
inline constexpr std::string_view kPurchaseExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "client": {"email": "ada@example.com", "full_name": "Ada Lovelace"},
  "purchase": {"currency": "MYR", "products": [{"name": "Book", "price": 1050, "quantity": "2"}]},
  "reference": "order-1001",
  "success_redirect": "https://shop.example.com/paid",
  "failure_redirect": "https://shop.example.com/failed"
})";
inline constexpr std::string_view kHoldExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "client": {"email": "ada@example.com"},
  "purchase": {"currency": "MYR", "products": [{"name": "Room, 2 nights", "price": 24000}]},
  "skip_capture": true,
  "success_redirect": "https://shop.example.com/paid",
  "failure_redirect": "https://shop.example.com/failed"
})";
inline constexpr std::string_view kRecurringExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "client_id": "00000000-0000-4000-8000-000000000001",
  "purchase": {"currency": "MYR", "products": [{"name": "Plan, first month", "price": 4900}]},
  "force_recurring": true,
  "success_redirect": "https://shop.example.com/paid",
  "failure_redirect": "https://shop.example.com/failed"
})";

// The success answer, then 400 (a field, or the state), 401, and 404 when `by_id` (no such object
// of the caller's company, in the caller's mode).
std::vector<schema::ResponseDoc> answers(int success, std::string_view what, std::string_view schema_name,
                                         bool by_id = true);

std::vector<schema::Operation> purchase_operations();   // collect_routes.cpp
std::vector<schema::Operation> lifecycle_operations();  // lifecycle_routes.cpp
std::vector<schema::Operation> account_operations();    // account_routes.cpp, company_statements.cpp
std::vector<schema::Operation> webhook_operations();    // webhook_routes.cpp
std::vector<schema::Operation> billing_operations();    // billing_routes.cpp

}  // namespace tender::api::collect::openapi_parts
