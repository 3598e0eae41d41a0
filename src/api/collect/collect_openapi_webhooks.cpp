// The operations of webhook_routes.cpp: webhooks, their deliveries (and success callbacks'), and
// the test mode's clock.
#include "api/collect/collect_openapi_parts.hpp"
#include "api/collect/collect_query_fields.hpp"
#include "api/collect/webhook_fields.hpp"

namespace tender::api::collect::openapi_parts {

namespace {

constexpr std::string_view kWebhookExample =
    R"({"title": "Orders", "callback": "https://shop.example.com/chip/webhook", "all_events": true})";

std::vector<schema::ResponseDoc> test_mode(int status, std::string_view what, std::string_view schema_name,
                                           std::string_view forbidden) {
  auto out = answers(status, what, schema_name, false);
  out.push_back({403, forbidden, "Error"});
  return out;
}

}  // namespace

std::vector<schema::Operation> webhook_operations() {
  const auto delivery = [](std::string_view what) { return answers(200, what, "Delivery"); };
  return {
      {.method = "post", .path = "/api/v1/webhooks/", .operation_id = "createWebhook", .summary = "Create a webhook",
       .body = &webhook_body(true), .example = kWebhookExample, .example_status = 201,
       .responses = answers(201, "The webhook, with the public key that verifies its deliveries.", "Webhook", false)},
      {.method = "get", .path = "/api/v1/webhooks/", .operation_id = "listWebhooks", .summary = "List webhooks",
       .example = "{}", .query = page_query(), .responses = answers(200, "A page of webhooks.", "WebhookList", false)},
      {.method = "get", .path = "/api/v1/webhooks/{id}/", .operation_id = "getWebhook", .summary = "Read a webhook",
       .example = "{}", .fixture = "createWebhook", .responses = answers(200, "The webhook.", "Webhook")},
      {.method = "put", .path = "/api/v1/webhooks/{id}/", .operation_id = "replaceWebhook",
       .summary = "Replace a webhook", .body = &webhook_body(true), .example = kWebhookExample,
       .fixture = "createWebhook", .responses = answers(200, "The webhook.", "Webhook")},
      {.method = "patch", .path = "/api/v1/webhooks/{id}/", .operation_id = "updateWebhook",
       .summary = "Change some of a webhook", .body = &webhook_body(false),
       .example = R"({"events": ["purchase.paid", "payment.refunded"], "all_events": false})",
       .fixture = "createWebhook", .responses = answers(200, "The webhook.", "Webhook")},
      {.method = "delete", .path = "/api/v1/webhooks/{id}/", .operation_id = "deleteWebhook",
       .summary = "Delete a webhook", .example = "{}", .example_status = 204, .fixture = "createWebhook",
       .responses = answers(204, "Deleted.", "")},
      {.method = "get", .path = "/api/v1/webhooks/{id}/deliveries/", .operation_id = "listWebhookDeliveries",
       .summary = "A webhook's deliveries, newest first", .example = "{}", .fixture = "createWebhook",
       .query = delivery_list_query(true), .example_query = "status=pending&status=failed",
       .responses = answers(200, "A page of deliveries.", "DeliveryList")},
      {.method = "get", .path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/", .operation_id = "getWebhookDelivery",
       .summary = "Read a webhook's delivery", .example = "{}", .fixture = "createWebhook", .setup = "delivery",
       .responses = delivery("The delivery and its attempts.")},
      {.method = "post", .path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend/",
       .operation_id = "resendWebhookDelivery", .summary = "Send a webhook's delivery again now",
       .description = "No body. A delivery that gave up is pending again for an hour; 400 once it has 100 attempts.",
       .example = "{}", .fixture = "createWebhook", .setup = "delivery",
       .responses = delivery("The delivery, pending, due now.")},
      {.method = "get", .path = "/api/v1/deliveries/", .operation_id = "listDeliveries",
       .summary = "Every delivery of the company's mode, newest first: webhooks' and success callbacks'",
       .example = "{}", .query = delivery_list_query(false), .example_query = "destination=webhook",
       .responses = answers(200, "A page of deliveries.", "DeliveryList", false)},
      {.method = "get", .path = "/api/v1/deliveries/{id}/", .operation_id = "getDelivery", .summary = "Read a delivery",
       .example = "{}", .fixture = "createWebhook", .setup = "delivery",
       .responses = delivery("The delivery and its attempts.")},
      {.method = "post", .path = "/api/v1/deliveries/{id}/resend/", .operation_id = "resendDelivery",
       .summary = "Send a delivery again now", .description = "As resendWebhookDelivery.", .example = "{}",
       .fixture = "createWebhook", .setup = "delivery", .responses = delivery("The delivery, pending, due now.")},
      {.method = "post", .path = "/api/v1/test_clock/advance/", .operation_id = "advanceTestClock",
       .summary = "Test mode: move the installation's clock forward",
       .description = "Only where tender runs with TENDER_TEST_CLOCK=1, and only with a test key (else 403).",
       .body = &clock_advance_body(), .example = R"({"seconds": 60})",
       .responses = test_mode(200, "The clock after the move.", "TestClockAdvance",
                              "A live key, or the test clock is disabled.")},
      {.method = "get", .path = "/api/v1/test_clock/", .operation_id = "getTestClock",
       .summary = "Test mode: the installation's clock", .example = "{}",
       .responses = test_mode(200, "The clock.", "TestClock", "A live key.")},
  };
}

}  // namespace tender::api::collect::openapi_parts
