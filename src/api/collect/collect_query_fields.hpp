#pragma once
// The query parameters of the Collect reads (lists and their filters, payment methods, the account
// reports) as field tables, for the OpenAPI document. The readers (collect_http.cpp read_page,
// collect_routes.cpp, account_routes.cpp, ledger_period.cpp, webhook_routes.cpp) take the page
// size's bounds from here; a query value is text, so their checks are written beside them and the
// unit test sends one past each documented bound.
#include "api/schema/field.hpp"

namespace tender::api::collect {

inline constexpr std::int64_t kMaxPageLimit = 100;
inline constexpr std::int64_t kDefaultPageLimit = 25;

schema::Fields page_query();                 // limit, cursor
schema::Fields purchase_list_query();        // + status, created_from, created_to
schema::Fields client_list_query();          // + q
schema::Fields delivery_list_query(bool of_webhook);  // + webhook_id (all deliveries only), object_id, ...
schema::Fields payment_methods_query();
schema::Fields period_query();               // from, to (statement, company statements)
schema::Fields account_balance_query();      // currency, brand_id
schema::Fields turnover_query();             // currency (required), from, to, brand_id
schema::Fields test_event_path();            // {event} of /test/purchases/{id}/{event}/

}  // namespace tender::api::collect
