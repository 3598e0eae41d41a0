// The operations of collect_routes.cpp: purchases (create, list, read, cancel), payment methods,
// the company's public key, clients.
#include "api/collect/collect_openapi_parts.hpp"
#include "api/collect/collect_query_fields.hpp"
#include "api/collect/purchase_fields.hpp"

namespace tender::api::collect::openapi_parts {

namespace {

constexpr std::string_view kClientExample = R"({"email": "ada@example.com", "full_name": "Ada Lovelace", "country": "MY"})";
constexpr std::string_view kClientPatchExample = R"({"phone": "+60123456789"})";

}  // namespace

std::vector<schema::Operation> purchase_operations() {
  return {
      {.method = "post", .path = "/api/v1/purchases/", .operation_id = "createPurchase", .summary = "Create a purchase",
       .body = &kPurchaseBody, .example = kPurchaseExample, .example_status = 201,
       .responses = answers(201, "The purchase; send the payer to checkout_url.", "Purchase", false)},
      {.method = "get", .path = "/api/v1/purchases/", .operation_id = "listPurchases",
       .summary = "List purchases, newest first", .example = "{}", .query = purchase_list_query(),
       .example_query = "status=created,paid&limit=10",
       .responses = answers(200, "A page of purchases.", "PurchaseList", false)},
      {.method = "get", .path = "/api/v1/purchases/{id}/", .operation_id = "getPurchase", .summary = "Read a purchase",
       .example = "{}", .fixture = "createPurchase", .responses = answers(200, "The purchase.", "Purchase")},
      {.method = "post", .path = "/api/v1/purchases/{id}/cancel/", .operation_id = "cancelPurchase",
       .summary = "Cancel a purchase not yet paid", .description = "No body, or {}.", .example = "{}",
       .fixture = "createPurchase", .responses = answers(200, "The cancelled purchase.", "Purchase")},
      {.method = "get", .path = "/api/v1/payment_methods/", .operation_id = "getPaymentMethods",
       .summary = "The payment methods a purchase may use", .example = "{}", .query = payment_methods_query(),
       .example_query = "brand_id=00000000-0000-4000-8000-000000000000&currency=MYR",
       .responses = answers(200, "The methods, their names, the card ones.", "PaymentMethods", false)},
      {.method = "get", .path = "/api/v1/public_key/", .operation_id = "getPublicKey",
       .summary = "The company's public key", .description = "Verifies X-Signature of success callbacks.",
       .example = "{}", .responses = answers(200, "The PEM text, as a JSON string.", "PublicKey", false)},
      {.method = "post", .path = "/api/v1/clients/", .operation_id = "createClient", .summary = "Create a client",
       .body = &kClientBody, .example = kClientExample, .example_status = 201,
       .responses = answers(201, "The client.", "Client", false)},
      {.method = "get", .path = "/api/v1/clients/", .operation_id = "listClients", .summary = "List clients, newest first",
       .example = "{}", .query = client_list_query(), .example_query = "q=ada%40example.com",
       .responses = answers(200, "A page of clients.", "ClientList", false)},
      {.method = "get", .path = "/api/v1/clients/{id}/", .operation_id = "getClient", .summary = "Read a client",
       .example = "{}", .fixture = "createClient", .responses = answers(200, "The client.", "Client")},
      {.method = "put", .path = "/api/v1/clients/{id}/", .operation_id = "replaceClient",
       .summary = "Replace a client's details", .body = &kClientBody, .example = kClientExample,
       .fixture = "createClient", .responses = answers(200, "The client.", "Client")},
      {.method = "patch", .path = "/api/v1/clients/{id}/", .operation_id = "updateClient",
       .summary = "Change some of a client's details", .body = &kClientPatchBody, .example = kClientPatchExample,
       .fixture = "createClient", .responses = answers(200, "The client.", "Client")},
      {.method = "delete", .path = "/api/v1/clients/{id}/", .operation_id = "deleteClient", .summary = "Delete a client",
       .example = "{}", .example_status = 204, .fixture = "createClient", .responses = answers(204, "Deleted.", "")},
  };
}

}  // namespace tender::api::collect::openapi_parts
