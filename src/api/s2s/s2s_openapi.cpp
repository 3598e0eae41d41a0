#include "api/s2s/s2s_openapi.hpp"

#include "api/s2s/s2s_fields.hpp"

namespace tender::api::s2s {

namespace {

// Both headers, as the seed's security requirement lists them together, carrying the same key
// (docs/api-s2s.md).
constexpr std::string_view kSecuritySchemes = R"({
  "authorization": {"type": "apiKey", "in": "header", "name": "Authorization",
                    "description": "'Basic <api key>' as the seed's example sends it, 'Basic base64(<api key>:)', or the bare key."},
  "apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key", "description": "The same API key."}
})";
constexpr std::string_view kSecurity = R"([{"authorization": [], "apiKey": []}])";

constexpr std::string_view kSchemas = R"({
  "GatewayResponse": {
    "type": "object",
    "required": ["type", "message", "code"],
    "properties": {
      "type": {"type": "string", "enum": ["INFO", "ERROR"]},
      "message": {"type": "string"},
      "code": {"type": "string"}
    }
  },
  "Payment": {
    "type": "object",
    "description": "The payment, as seed 000's 201 shows it; also the body of a decline (402) and of a 3-D Secure challenge (202, with redirect_url).",
    "required": ["success", "status_code", "is_live", "transaction_type", "gateway_response", "merchant_details",
                 "payment_details", "transaction_details"],
    "properties": {
      "success": {"type": "boolean"},
      "status_code": {"type": "integer"},
      "is_live": {"type": "boolean"},
      "transaction_type": {"type": "string"},
      "gateway_response": {"$ref": "#/components/schemas/GatewayResponse"},
      "merchant_details": {"type": "object"},
      "payment_details": {
        "type": "object",
        "properties": {
          "amount": {"type": "number", "description": "In major units, exact."},
          "currency": {"type": "string"},
          "auth_code": {"type": ["string", "null"]},
          "scheme": {"type": "string"},
          "card": {"type": "object", "description": "The card, its number masked."}
        }
      },
      "transaction_details": {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}, "timestamp": {"type": "string"}}
      },
      "redirect_url": {"type": "string", "format": "uri", "description": "The 3-D Secure page (202 only)."}
    }
  },
  "Error": {
    "type": "object",
    "required": ["success", "status_code", "is_live", "gateway_response"],
    "properties": {
      "success": {"const": false},
      "status_code": {"type": "integer"},
      "is_live": {"type": "boolean"},
      "gateway_response": {"$ref": "#/components/schemas/GatewayResponse"},
      "errors": {
        "type": "array",
        "description": "Validation errors (400): one per field, its dotted path.",
        "items": {
          "type": "object",
          "required": ["field", "code", "message"],
          "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}
        }
      }
    }
  }
})";

// merchant_id is a brand id of the key's company: the reference page tells to put one's own.
constexpr std::string_view kExample = R"({
  "amount": "10.50",
  "currency": "USD",
  "merchant_id": "00000000-0000-4000-8000-000000000000",
  "merchant_txn_ref": "order-1001",
  "customer_ip": "203.0.113.7",
  "card": {"number": "4444333322221111", "expiry_month": "12", "expiry_year": "2039", "cvc": "123", "name": "Ada Lovelace"},
  "billing_address": {"country": "MY", "email": "ada@example.com", "address1": "1 Jalan Example", "city": "Kuala Lumpur", "postal_code": "50000"}
})";

std::vector<schema::ResponseDoc> payment_responses() {
  return {{201, "Paid.", "Payment"},
          {202, "3-D Secure: send the payer to redirect_url; or pending, with the result sent to webhook_url.", "Payment"},
          {400, "A field is invalid (errors names each), or the body is not a JSON object.", "Error"},
          {401, "No or an unknown API key.", "Error"},
          {402, "Declined.", "Payment"},
          {403, "merchant_id is not a brand of the key's company.", "Error"},
          {413, "The body is larger than 1 MiB.", "Error"}};
}

}  // namespace

schema::DocumentSpec openapi_spec() {
  schema::DocumentSpec spec{
      .title = "Tender server-to-server Purchase API",
      .description = "Payment Options' server-to-server Purchase API (v1 and v2) as Tender implements it. "
                     "merchant_id is a brand id of the API key's company.",
      .security_schemes = kSecuritySchemes,
      .security = kSecurity,
      .schemas = kSchemas,
      .operations = {}};
  for (auto [path, id] : {std::pair{"/api/v1/server-to-server-interface/payment", "paymentV1"},
                          std::pair{"/api/v1/server-to-server-interface/paymentv2", "paymentV2"},
                          // The v2 seed's own curl example doubles the prefix; clients copy examples.
                          std::pair{"/api/v1/api/v1/server-to-server-interface/paymentv2", "paymentV2Doubled"}}) {
    spec.operations.push_back({.method = "post",
                               .path = path,
                               .operation_id = id,
                               .summary = "Pay with a card in one request",
                               .body = &kPaymentBody,
                               .example = kExample,
                               .example_status = 201,
                               .responses = payment_responses()});
  }
  return spec;
}

}  // namespace tender::api::s2s
