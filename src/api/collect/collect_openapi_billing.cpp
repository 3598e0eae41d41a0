// The operations of billing_routes.cpp: one-time invoices, billing templates (invoice or
// subscription) and a subscription's subscribers (docs/billing.md).
#include "api/collect/billing_fields.hpp"
#include "api/collect/collect_openapi_parts.hpp"
#include "api/collect/collect_query_fields.hpp"

namespace tender::api::collect::openapi_parts {

namespace {

constexpr std::string_view kSubscriptionExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "title": "Pro monthly",
  "is_subscription": true,
  "purchase": {"currency": "MYR", "products": [{"name": "Pro plan", "price": 4900}]},
  "subscription_period": 1,
  "subscription_period_units": "months",
  "subscription_trial_periods": 0
})";
constexpr std::string_view kInvoiceTemplateExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "title": "Consulting",
  "is_subscription": false,
  "purchase": {"currency": "MYR", "products": [{"name": "Consulting, April", "price": 12000, "quantity": "2"}]},
  "invoice_due": 4102444800
})";
constexpr std::string_view kOneOffExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "purchase": {"currency": "MYR", "products": [{"name": "Annual fee", "price": 15000}]},
  "invoice_due": 4102444800,
  "clients": [{"client_id": "00000000-0000-4000-8000-000000000001"}]
})";
constexpr std::string_view kRecipientExample = R"({"client_id": "00000000-0000-4000-8000-000000000001"})";
constexpr schema::Field kSubscriberPath[] = {
    {.name = "client_id", .format = "uuid",
     .description = "The subscriber's own id (billing_template_client.id), not its client's."},
};

}  // namespace

std::vector<schema::Operation> billing_operations() {
  const auto a_template = [](int status, std::string_view what) { return answers(status, what, "BillingTemplate"); };
  const auto subscriber = [](std::string_view what) { return answers(200, what, "BillingTemplateClient"); };
  return {
      {.method = "post", .path = "/api/v1/billing/", .operation_id = "sendOneTimeInvoices",
       .summary = "Issue a one-time invoice to each of some clients", .body = &kOneOffBody,
       .example = kOneOffExample, .example_status = 201,
       .responses = answers(201, "The ids of the purchases issued, one per client, in order.", "PurchaseIds", false)},
      {.method = "post", .path = "/api/v1/billing_templates/", .operation_id = "createBillingTemplate",
       .summary = "Create a billing template", .body = &kTemplateBody, .example = kSubscriptionExample,
       .example_status = 201, .responses = answers(201, "The template.", "BillingTemplate", false)},
      {.method = "get", .path = "/api/v1/billing_templates/", .operation_id = "listBillingTemplates",
       .summary = "List billing templates", .example = "{}", .query = page_query(),
       .responses = answers(200, "A page of templates.", "BillingTemplateList", false)},
      {.method = "get", .path = "/api/v1/billing_templates/{id}/", .operation_id = "getBillingTemplate",
       .summary = "Read a billing template", .example = "{}", .fixture = "createBillingTemplate",
       .responses = a_template(200, "The template.")},
      {.method = "put", .path = "/api/v1/billing_templates/{id}/", .operation_id = "replaceBillingTemplate",
       .summary = "Replace a billing template",
       .description = "is_subscription never changes; once a subscription has subscribers its period, trial and "
                      "charge timing are fixed (400 naming the field).",
       .body = &kTemplateBody, .example = kSubscriptionExample, .fixture = "createBillingTemplate",
       .responses = a_template(200, "The template.")},
      {.method = "delete", .path = "/api/v1/billing_templates/{id}/", .operation_id = "deleteBillingTemplate",
       .summary = "Delete a billing template", .example = "{}", .example_status = 204,
       .fixture = "createBillingTemplate", .responses = answers(204, "Deleted.", "")},
      {.method = "post", .path = "/api/v1/billing_templates/{id}/send_invoice/", .operation_id = "sendTemplateInvoice",
       .summary = "Issue an invoice template's invoice to a client", .body = &kRecipientBody,
       .example = kRecipientExample, .example_status = 201, .fixture = "createBillingTemplate",
       .fixture_example = kInvoiceTemplateExample,
       .responses = answers(201, "The purchase issued.", "Purchase")},
      {.method = "post", .path = "/api/v1/billing_templates/{id}/add_subscriber/", .operation_id = "addSubscriber",
       .summary = "Subscribe a client to a subscription", .body = &kNewSubscriberBody, .example = kRecipientExample,
       .example_status = 201, .fixture = "createBillingTemplate",
       .responses = answers(201, "The subscriber, and its first purchase when one was issued.", "SubscriberAdded")},
      {.method = "get", .path = "/api/v1/billing_templates/{id}/clients/", .operation_id = "listSubscribers",
       .summary = "A subscription's subscribers", .example = "{}", .fixture = "createBillingTemplate",
       .query = page_query(), .responses = answers(200, "A page of subscribers.", "BillingTemplateClientList")},
      {.method = "get", .path = "/api/v1/billing_templates/{id}/clients/{client_id}/", .operation_id = "getSubscriber",
       .summary = "Read a subscriber", .example = "{}", .fixture = "createBillingTemplate",
       .path_params = kSubscriberPath, .setup = "subscriber",
       .responses = subscriber("The subscriber.")},
      {.method = "patch", .path = "/api/v1/billing_templates/{id}/clients/{client_id}/",
       .operation_id = "updateSubscriber", .summary = "Pause or resume a subscriber, or change its settings",
       .description = "status switches between active and subscription_paused only: a pending or inactive subscriber "
                      "is refused (400 naming status).",
       .body = &kSubscriberChangeBody, .example = R"({"send_receipt": true})",
       .fixture = "createBillingTemplate", .path_params = kSubscriberPath, .setup = "subscriber",
       .responses = subscriber("The subscriber.")},
  };
}

}  // namespace tender::api::collect::openapi_parts
