#include "api/collect/collect_openapi.hpp"

#include "api/collect/collect_openapi_parts.hpp"
#include "api/embedded_files.hpp"

namespace tender::api::collect {

namespace {

constexpr std::string_view kSecuritySchemes = R"({
  "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer with the API key."}
})";
constexpr std::string_view kSecurity = R"([{"bearerAuth": []}])";

}  // namespace

namespace openapi_parts {

std::vector<schema::ResponseDoc> answers(int success, std::string_view what, std::string_view schema_name, bool by_id) {
  std::vector<schema::ResponseDoc> out{{success, what, schema_name},
                                      {400, "A field is invalid, or the state does not allow this.", "Error"},
                                      {401, "No or an unknown API key.", "Error"}};
  if (by_id) out.push_back({404, "No such object.", "Error"});
  return out;
}

}  // namespace openapi_parts

schema::DocumentSpec openapi_spec() {
  schema::DocumentSpec spec{
      .title = "Tender Collect API",
      .description = "CHIP's Collect API as Tender implements it: purchases and their lifecycle, clients and their "
                     "recurring tokens, payment methods, the account's balance, turnover and statements, webhooks "
                     "and their deliveries, billing templates. Members a body does not list are ignored, as CHIP's "
                     "own clients expect; where they send looser types than the seed, the fields say so "
                     "(docs/collect-clients.md). Every refusal is the Error object: each problem under its field's "
                     "dotted path, or __all__. brand_id is a brand of the API key's company; a test key sees test "
                     "objects only, a live key live ones.",
      .security_schemes = kSecuritySchemes,
      .security = kSecurity,
      .schemas = embedded("openapi_collect_schemas.json"),
      .more_schemas = embedded("openapi_collect_tender_schemas.json"),
      .operations = {}};
  for (auto* group : {&openapi_parts::purchase_operations, &openapi_parts::lifecycle_operations,
                      &openapi_parts::account_operations, &openapi_parts::webhook_operations,
                      &openapi_parts::billing_operations})
    for (auto& op : (*group)()) spec.operations.push_back(std::move(op));
  return spec;
}

}  // namespace tender::api::collect
