#include "api/schema/openapi_document.hpp"

#include <gtest/gtest.h>

#include "api/orders/order_fields.hpp"
#include "api/orders/orders_openapi.hpp"
#include "api/s2s/s2s_fields.hpp"
#include "api/s2s/s2s_openapi.hpp"
#include "api/schema/json_schema.hpp"

namespace tender::api::schema {
namespace {

namespace bj = boost::json;

constexpr std::string_view kChoices[] = {"a", "b"};
constexpr Field kItem = {.name = "item", .max_length = 8};
constexpr Field kFields[] = {
    {.name = "text", .required = true, .max_length = 10, .min_length = 1, .pattern = "^[a-z]+$"},
    {.name = "when", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = 99},
    {.name = "pick", .nullable = true, .choices = kChoices},
    {.name = "list", .type = Type::array, .items = &kItem, .min_items = 1, .max_items = 3},
    {.name = "loose", .type = Type::loose_boolean},
    {.name = "meta", .type = Type::object, .open = true},
};

TEST(JsonSchema, EveryLimitOfTheTableIsInTheSchema) {
  auto s = object_schema(kFields);
  EXPECT_EQ(s.at("additionalProperties"), false);
  EXPECT_EQ(s.at("required"), (bj::array{"text"}));
  const auto& p = s.at("properties").as_object();
  EXPECT_EQ(p.at("text"), (bj::object{{"type", "string"}, {"maxLength", 10}, {"minLength", 1}, {"pattern", "^[a-z]+$"}}));
  EXPECT_EQ(p.at("when"), (bj::object{{"type", bj::array{"integer", "null"}}, {"minimum", 0}, {"maximum", 99}}));
  EXPECT_EQ(p.at("pick").at("enum"), (bj::array{"a", "b", nullptr})) << "a nullable enum lists null";
  EXPECT_EQ(p.at("list"), (bj::object{{"type", "array"}, {"items", bj::object{{"type", "string"}, {"maxLength", 8}}},
                                      {"minItems", 1}, {"maxItems", 3}}));
  EXPECT_EQ(p.at("loose").at("type"), (bj::array{"boolean", "string", "integer"}));
  EXPECT_EQ(p.at("meta").at("additionalProperties"), true);
}

TEST(JsonSchema, ATableLimitChangesTheDocument) {
  // The S2S document's request body is the very table that validates it.
  auto doc = openapi_document(s2s::openapi_spec(), "https://pay.example.com");
  const auto& body = doc.at("paths").at("/api/v1/server-to-server-interface/payment").at("post").at("requestBody");
  const auto& props = body.at("content").at("application/json").at("schema").at("properties").as_object();
  const auto* ref = find_field(s2s::kPaymentFields, "merchant_txn_ref");
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(props.at("merchant_txn_ref").at("maxLength").as_uint64(), ref->max_length);
  EXPECT_EQ(props.at("card").at("properties").at("cvc").at("pattern"), "^[0-9]{3,4}$");
  EXPECT_EQ(props.at("card").at("required"), (bj::array{"cvc", "expiry_month", "expiry_year", "number"}));
}

TEST(OpenApiDocument, PathsOperationsParametersAndExamples) {
  auto doc = openapi_document(orders::openapi_spec(), "https://pay.example.com");
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("servers").at(0).at("url"), "https://pay.example.com");
  const auto& paths = doc.at("paths").as_object();
  const auto& capture = paths.at("/v1/orders/{id}/capture").at("post").as_object();
  EXPECT_EQ(capture.at("parameters").at(0).at("name"), "id");
  EXPECT_EQ(capture.at("x-tender-fixture"), "authorizeOrder");
  const auto& example = capture.at("requestBody").at("content").at("application/json").at("examples").at("example");
  EXPECT_EQ(example.at("x-tender-status"), 200);
  EXPECT_TRUE(capture.at("responses").as_object().contains("422"));
  const auto& source = paths.at("/v1/orders/purchase").at("post").at("requestBody").at("content").at("application/json")
                           .at("schema").at("properties").at("source");
  EXPECT_EQ(source.at("oneOf").as_array().size(), 2u) << "card or wallet";
  EXPECT_TRUE(doc.at("components").at("securitySchemes").as_object().contains("basicAuth"));
}

constexpr std::string_view kUnits[] = {"days", "weeks"};
constexpr Field kQuery[] = {
    {.name = "limit", .type = Type::integer, .minimum = 1, .maximum = 100, .description = "Per page."},
    {.name = "unit", .required = true, .choices = kUnits},
};
constexpr Field kPathParams[] = {{.name = "event", .choices = kUnits}};

TEST(OpenApiDocument, QueryAndPathParametersFixturesAndMoreSchemas) {
  DocumentSpec spec{.title = "t", .description = "d", .security_schemes = "{}", .security = "[]",
                    .schemas = R"({"A": {"type": "string"}})", .more_schemas = R"({"B": {"type": "integer"}})",
                    .operations = {{.method = "get", .path = "/x/{id}/{event}/", .operation_id = "x", .summary = "x",
                                    .example = "{}", .fixture = "y", .fixture_example = R"({"hold": true})",
                                    .query = kQuery, .path_params = kPathParams, .example_query = "unit=days",
                                    .setup = "paid", .responses = {{200, "ok", "B"}}}}};
  auto doc = openapi_document(spec, "http://h");
  const auto& op = doc.at("paths").at("/x/{id}/{event}/").at("get").as_object();
  const auto& parameters = op.at("parameters").as_array();
  ASSERT_EQ(parameters.size(), 4u);
  EXPECT_EQ(parameters.at(0).at("schema"), (bj::object{{"type", "string"}})) << "{id}: a plain string";
  EXPECT_EQ(parameters.at(1).at("schema").at("enum"), (bj::array{"days", "weeks"})) << "{event}: described";
  EXPECT_EQ(parameters.at(2), (bj::object{{"name", "limit"}, {"in", "query"}, {"required", false},
                                          {"schema", bj::object{{"type", "integer"}, {"description", "Per page."},
                                                                {"minimum", 1}, {"maximum", 100}}},
                                          {"description", "Per page."}}));
  EXPECT_EQ(parameters.at(3).at("required"), true);
  EXPECT_EQ(op.at("x-tender-example-query"), "unit=days");
  EXPECT_EQ(op.at("x-tender-fixture-example"), (bj::object{{"hold", true}}));
  EXPECT_EQ(op.at("x-tender-setup"), "paid");
  const auto& schemas = doc.at("components").at("schemas").as_object();
  EXPECT_TRUE(schemas.contains("A") && schemas.contains("B"));

  spec.more_schemas = R"({"A": {"type": "integer"}})";
  EXPECT_THROW(openapi_document(spec, "http://h"), std::invalid_argument) << "a schema defined twice";
}

TEST(OpenApiDocument, AnExampleStatusThatIsNotDocumentedIsADefect) {
  DocumentSpec spec{.title = "t", .description = "d", .security_schemes = "{}", .security = "[]", .schemas = "{}",
                    .operations = {{.method = "get", .path = "/x", .operation_id = "x", .summary = "x", .example = "{}",
                                    .example_status = 201, .responses = {{200, "ok"}}}}};
  EXPECT_THROW(openapi_document(spec, "http://h"), std::invalid_argument);
  spec.schemas = "{not json";
  spec.operations[0].example_status = 200;
  EXPECT_THROW(openapi_document(spec, "http://h"), std::invalid_argument);
}

}  // namespace
}  // namespace tender::api::schema
