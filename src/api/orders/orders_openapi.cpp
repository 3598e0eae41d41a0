#include "api/orders/orders_openapi.hpp"

#include "api/orders/order_fields.hpp"

namespace tender::api::orders {

namespace {

constexpr std::string_view kSecuritySchemes = R"({
  "basicAuth": {"type": "http", "scheme": "basic", "description": "Authorization: Basic with the API key as the user name."},
  "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer with the API key."}
})";
constexpr std::string_view kSecurity = R"([{"basicAuth": []}, {"bearerAuth": []}])";

constexpr std::string_view kSchemas = R"({
  "Order": {
    "type": "object",
    "required": ["id", "currency", "amount", "captured_amount", "refunded_amount", "voided_amount", "source", "transactions"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "merchant": {"type": "object"},
      "currency": {"type": "string"},
      "amount": {"type": "integer"},
      "captured_amount": {"type": "integer"},
      "refunded_amount": {"type": "integer"},
      "voided_amount": {"type": "integer"},
      "description": {"type": "string"},
      "created_at": {"type": "string"},
      "updated_at": {"type": "string"},
      "source": {"type": "object", "description": "The card, masked; transaction_url when the payer must pass 3-D Secure."},
      "transactions": {"type": "array", "items": {"type": "object"}}
    }
  },
  "Message": {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}}
  },
  "ValidationError": {
    "type": "object",
    "required": ["message", "errors"],
    "properties": {
      "message": {"const": "Data validation failed"},
      "errors": {
        "type": "object",
        "description": "The messages of each invalid field, under its dotted path.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}}
      }
    }
  }
})";

constexpr std::string_view kOrderExample = R"({
  "amount": 1050,
  "currency": "USD",
  "description": "Order 1001",
  "source": {"type": "card", "number": "4444333322221111", "month": 12, "year": 2039, "security_code": "123"},
  "device": {"user_agent": "Mozilla/5.0", "ip_address": "203.0.113.7"}
})";
constexpr std::string_view kAmountExample = R"({"amount": 500})";
constexpr std::string_view kEmptyExample = R"({})";

constexpr Field kOrderBody = {.name = "order", .type = Type::object, .fields = kOrderFields};
constexpr Field kAmountBody = {.name = "amount", .type = Type::object, .fields = kAmountFields};
constexpr Field kEmptyBody = {.name = "void", .type = Type::object, .description = "An empty object (or no body)."};

std::vector<schema::ResponseDoc> answers(int success, std::string_view what) {
  return {{success, what, "Order"},
          {400, "The body is not a JSON object, or the order is busy.", "Message"},
          {401, "No or an unknown API key.", "Message"},
          {404, "No such order.", "Message"},
          {413, "The body is larger than the limit.", "Message"},
          {422, "A field is invalid, or the order's state does not allow this.", "ValidationError"}};
}

}  // namespace

schema::DocumentSpec openapi_spec() {
  return schema::DocumentSpec{
      .title = "Tender Orders API",
      .description = "The Orders API as Tender implements it. An enrolled card sent without source.auth waits for its "
                     "payer at source.transaction_url.",
      .security_schemes = kSecuritySchemes,
      .security = kSecurity,
      .schemas = kSchemas,
      .operations = {
          {.method = "post", .path = "/v1/orders/purchase", .operation_id = "purchaseOrder",
           .summary = "Create an order and capture it", .body = &kOrderBody, .example = kOrderExample,
           .example_status = 201, .responses = answers(201, "The order.")},
          {.method = "post", .path = "/v1/orders/authorize", .operation_id = "authorizeOrder",
           .summary = "Create an order and authorize it (capture later)", .body = &kOrderBody,
           .example = kOrderExample, .example_status = 201, .responses = answers(201, "The order.")},
          {.method = "get", .path = "/v1/orders/{id}", .operation_id = "getOrder", .summary = "Read an order",
           .example = "{}", .example_status = 200, .fixture = "purchaseOrder", .responses = answers(200, "The order.")},
          {.method = "post", .path = "/v1/orders/{id}/capture", .operation_id = "captureOrder",
           .summary = "Capture an authorized order", .body = &kAmountBody, .example = kAmountExample,
           .example_status = 200, .fixture = "authorizeOrder", .responses = answers(200, "The order.")},
          {.method = "post", .path = "/v1/orders/{id}/void", .operation_id = "voidOrder",
           .summary = "Release an authorized order", .body = &kEmptyBody, .example = kEmptyExample,
           .example_status = 200, .fixture = "authorizeOrder", .responses = answers(200, "The order.")},
          {.method = "post", .path = "/v1/orders/{id}/refund", .operation_id = "refundOrder",
           .summary = "Refund a captured order", .body = &kAmountBody, .example = kAmountExample,
           .example_status = 200, .fixture = "purchaseOrder", .responses = answers(200, "The order.")},
      }};
}

}  // namespace tender::api::orders
