// The operations of lifecycle_routes.cpp: a purchase's actions after creation (seed 003), its
// refunds, a client's recurring tokens, and the test mode's simulated network events.
#include "api/collect/collect_openapi_parts.hpp"
#include "api/collect/collect_query_fields.hpp"
#include "api/collect/lifecycle_fields.hpp"

namespace tender::api::collect::openapi_parts {

std::vector<schema::Operation> lifecycle_operations() {
  const auto purchase = [](int status, std::string_view what) { return answers(status, what, "Purchase"); };
  return {
      {.method = "post", .path = "/api/v1/purchases/{id}/capture/", .operation_id = "capturePurchase",
       .summary = "Capture a hold, whole or in part", .body = &kAmountBody, .example = R"({"amount": 20000})",
       .fixture = "createPurchase", .fixture_example = kHoldExample, .setup = "paid",
       .responses = purchase(200, "The purchase, paid (the rest of the hold is released).")},
      {.method = "post", .path = "/api/v1/purchases/{id}/release/", .operation_id = "releasePurchase",
       .summary = "Release a hold", .description = "No body, or {}.", .example = "{}", .fixture = "createPurchase",
       .fixture_example = kHoldExample, .setup = "paid", .responses = purchase(200, "The purchase, released.")},
      {.method = "post", .path = "/api/v1/purchases/{id}/refund/", .operation_id = "refundPurchase",
       .summary = "Refund a paid purchase, whole or in part", .body = &kAmountBody, .example = R"({"amount": 500})",
       .fixture = "createPurchase", .setup = "paid",
       .responses = answers(200, "The refund (a Payment).", "RefundResult")},
      {.method = "post", .path = "/api/v1/purchases/{id}/charge/", .operation_id = "chargePurchase",
       .summary = "Pay a purchase with a recurring token", .body = &kChargeBody,
       .example = R"({"recurring_token": "00000000-0000-4000-8000-000000000002"})", .fixture = "createPurchase",
       .responses = purchase(200, "The purchase, paid.")},
      {.method = "post", .path = "/api/v1/purchases/{id}/delete_recurring_token/",
       .operation_id = "deleteRecurringToken", .summary = "Delete the recurring token a purchase holds",
       .description = "No body, or {}.", .example = "{}", .fixture = "createPurchase",
       .fixture_example = kRecurringExample, .setup = "paid",
       .responses = purchase(200, "The purchase, without its token.")},
      {.method = "post", .path = "/api/v1/purchases/{id}/resend_invoice/", .operation_id = "resendInvoice",
       .summary = "Send the invoice of an unpaid purchase again",
       .description = "No body, or {}. A purchase never sent becomes sent.", .example = "{}",
       .fixture = "createPurchase", .responses = purchase(200, "The purchase.")},
      {.method = "post", .path = "/api/v1/purchases/{id}/mark_as_paid/", .operation_id = "markPurchaseAsPaid",
       .summary = "Record a payment received outside Tender", .body = &kMarkAsPaidBody,
       .example = R"({"paid_on": 1767225600})", .fixture = "createPurchase",
       .responses = purchase(200, "The purchase, paid.")},
      {.method = "get", .path = "/api/v1/purchases/{id}/refunds/", .operation_id = "listPurchaseRefunds",
       .summary = "The refunds of a purchase", .example = "{}", .fixture = "createPurchase", .setup = "paid",
       .responses = answers(200, "Its refunds, in one page.", "RefundList")},
      {.method = "get", .path = "/api/v1/clients/{id}/recurring_tokens/", .operation_id = "listClientRecurringTokens",
       .summary = "A client's recurring tokens", .example = "{}", .fixture = "createPurchase",
       .fixture_example = kRecurringExample, .setup = "paid_client",
       .responses = answers(200, "Its tokens, in one page.", "ClientRecurringTokenList")},
      {.method = "get", .path = "/api/v1/clients/{id}/recurring_tokens/{token}/",
       .operation_id = "getClientRecurringToken", .summary = "Read a client's recurring token", .example = "{}",
       .fixture = "createPurchase", .fixture_example = kRecurringExample, .setup = "paid_client",
       .responses = answers(200, "The token.", "ClientRecurringToken")},
      {.method = "delete", .path = "/api/v1/clients/{id}/recurring_tokens/{token}/",
       .operation_id = "deleteClientRecurringToken", .summary = "Delete a client's recurring token", .example = "{}",
       .example_status = 204, .fixture = "createPurchase", .fixture_example = kRecurringExample,
       .setup = "paid_client", .responses = answers(204, "Deleted.", "")},
      {.method = "post", .path = "/api/v1/test/purchases/{id}/{event}/", .operation_id = "simulatePurchaseEvent",
       .summary = "Test mode: what the network or invoicing would do",
       .description = "No body, or {}. Refused (403) with a live key.", .example = "{}", .fixture = "createPurchase",
       .path_params = test_event_path(),
       .responses = [] {
         auto out = answers(200, "The purchase after the event.", "Purchase");
         out.push_back({403, "A live API key.", "Error"});
         return out;
       }()},
  };
}

}  // namespace tender::api::collect::openapi_parts
