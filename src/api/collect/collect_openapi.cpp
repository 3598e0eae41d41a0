#include "api/collect/collect_openapi.hpp"

#include "api/collect/purchase_fields.hpp"
#include "api/embedded_files.hpp"

namespace tender::api::collect {

namespace {

constexpr std::string_view kSecuritySchemes = R"({
  "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer with the API key."}
})";
constexpr std::string_view kSecurity = R"([{"bearerAuth": []}])";

// brand_id is a brand of the key's company: the reference page tells to put one's own.
constexpr std::string_view kPurchaseExample = R"({
  "brand_id": "00000000-0000-4000-8000-000000000000",
  "client": {"email": "ada@example.com", "full_name": "Ada Lovelace"},
  "purchase": {"currency": "MYR", "products": [{"name": "Book", "price": 1050, "quantity": "2"}]},
  "reference": "order-1001",
  "success_redirect": "https://shop.example.com/paid",
  "failure_redirect": "https://shop.example.com/failed"
})";
constexpr std::string_view kClientExample = R"({"email": "ada@example.com", "full_name": "Ada Lovelace", "country": "MY"})";
constexpr std::string_view kClientPatchExample = R"({"phone": "+60123456789"})";

std::vector<schema::ResponseDoc> answers(int success, std::string_view what, std::string_view schema_name) {
  std::vector<schema::ResponseDoc> out{{success, what, schema_name},
                                      {400, "A field is invalid, or the state does not allow this.", "Error"},
                                      {401, "No or an unknown API key.", "Error"},
                                      {404, "No such object.", "Error"}};
  return out;
}

}  // namespace

schema::DocumentSpec openapi_spec() {
  return schema::DocumentSpec{
      .title = "Tender Collect API",
      .description = "CHIP's Collect API as Tender implements it, purchases and clients. Members a body does not list "
                     "are ignored, as CHIP's own clients expect; where they send looser types than the seed, the "
                     "fields say so (docs/collect-clients.md). brand_id is a brand of the API key's company.",
      .security_schemes = kSecuritySchemes,
      .security = kSecurity,
      .schemas = embedded("openapi_collect_schemas.json"),
      .operations = {
          {.method = "post", .path = "/api/v1/purchases/", .operation_id = "createPurchase",
           .summary = "Create a purchase", .body = &kPurchaseBody, .example = kPurchaseExample,
           .example_status = 201, .responses = answers(201, "The purchase; send the payer to checkout_url.", "Purchase")},
          {.method = "get", .path = "/api/v1/purchases/{id}/", .operation_id = "getPurchase",
           .summary = "Read a purchase", .example = "{}", .fixture = "createPurchase",
           .responses = answers(200, "The purchase.", "Purchase")},
          {.method = "post", .path = "/api/v1/purchases/{id}/cancel/", .operation_id = "cancelPurchase",
           .summary = "Cancel a purchase not yet paid", .example = "{}", .fixture = "createPurchase",
           .responses = answers(200, "The cancelled purchase.", "Purchase")},
          {.method = "post", .path = "/api/v1/clients/", .operation_id = "createClient", .summary = "Create a client",
           .body = &kClientBody, .example = kClientExample, .example_status = 201,
           .responses = answers(201, "The client.", "Client")},
          {.method = "get", .path = "/api/v1/clients/{id}/", .operation_id = "getClient", .summary = "Read a client",
           .example = "{}", .fixture = "createClient", .responses = answers(200, "The client.", "Client")},
          {.method = "put", .path = "/api/v1/clients/{id}/", .operation_id = "replaceClient",
           .summary = "Replace a client's details", .body = &kClientBody, .example = kClientExample,
           .fixture = "createClient", .responses = answers(200, "The client.", "Client")},
          {.method = "patch", .path = "/api/v1/clients/{id}/", .operation_id = "updateClient",
           .summary = "Change some of a client's details", .body = &kClientPatchBody,
           .example = kClientPatchExample, .fixture = "createClient", .responses = answers(200, "The client.", "Client")},
          {.method = "delete", .path = "/api/v1/clients/{id}/", .operation_id = "deleteClient",
           .summary = "Delete a client", .example = "{}", .example_status = 204, .fixture = "createClient",
           .responses = answers(204, "Deleted.", "")},
      }};
}

}  // namespace tender::api::collect
