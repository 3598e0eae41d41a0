#include "api/collect/collect_openapi.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/collect/lifecycle_fields.hpp"
#include "api/collect/webhook_fields.hpp"
#include "api/schema/json_schema.hpp"
#include "api/schema/table_reader.hpp"
#include "webhooks/event_types.hpp"

namespace tender::api::collect {
namespace {

namespace bj = boost::json;
using Route = std::pair<std::string, std::string>;  // method (lower case), OpenAPI path

// Every route the Collect dialect registers, read from its routes files: router.add("GET", v1 +
// "/purchases/", ...) and the route("POST", "/webhooks/", ...) helpers, which add the same /api/v1.
std::set<Route> registered_routes() {
  const std::regex call(R"re((?:router\.add|route)\(\s*"([A-Z]+)",\s*(?:v1\s*\+\s*)?"([^"]+)")re");
  std::set<Route> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TENDER_SOURCE_DIR) + "/src/api/collect")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end; ++it) {
      std::string method = (*it)[1];
      for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.emplace(method, "/api/v1" + (*it)[2].str());
    }
  }
  return out;
}

std::set<Route> documented_routes(const bj::object& doc) {
  std::set<Route> out;
  for (const auto& path : doc.at("paths").as_object())
    for (const auto& op : path.value().as_object()) out.emplace(std::string(op.key()), std::string(path.key()));
  return out;
}

TEST(CollectOpenApi, DocumentsEveryRouteTheDialectServesAndNoOther) {
  const auto doc = schema::openapi_document(openapi_spec(), "https://pay.example.com");
  const auto routes = registered_routes();
  const auto documented = documented_routes(doc);
  ASSERT_GE(routes.size(), 50u) << "the routes files were read";
  for (const auto& [method, path] : routes)
    EXPECT_TRUE(documented.contains({method, path})) << method << " " << path << " is served but not documented";
  for (const auto& [method, path] : documented)
    EXPECT_TRUE(routes.contains({method, path})) << method << " " << path << " is documented but not served";
}

TEST(CollectOpenApi, EveryOperationHasAnExampleAndItsAnswersName) {
  const auto doc = schema::openapi_document(openapi_spec(), "https://pay.example.com");
  const auto& schemas = doc.at("components").at("schemas").as_object();
  for (const auto& path : doc.at("paths").as_object()) {
    for (const auto& [method, value] : path.value().as_object()) {
      const auto& op = value.as_object();
      const bool has_example = op.contains("x-tender-example-status") || op.contains("requestBody");
      EXPECT_TRUE(has_example) << method << " " << path.key();
      for (const auto& [status, response] : op.at("responses").as_object()) {
        const auto* content = response.as_object().if_contains("content");
        if (!content) continue;
        std::string ref(content->at("application/json").at("schema").at("$ref").as_string());
        EXPECT_TRUE(schemas.contains(ref.substr(ref.rfind('/') + 1))) << ref << " of " << path.key();
      }
    }
  }
}

TEST(CollectOpenApi, ActionBodiesAreTheTablesTheRoutesRead) {
  const auto doc = schema::openapi_document(openapi_spec(), "https://pay.example.com");
  const auto& capture = doc.at("paths").at("/api/v1/purchases/{id}/capture/").at("post");
  const auto& amount = capture.at("requestBody").at("content").at("application/json").at("schema").at("properties").at("amount");
  EXPECT_EQ(amount.at("maximum").as_int64(), *find_field(kAmountFields, "amount")->maximum);
  EXPECT_EQ(capture.at("x-tender-setup"), "paid");
  EXPECT_EQ(capture.at("x-tender-fixture-example").at("skip_capture"), true) << "a hold to capture";

  // The charge's token: the reader refuses what the table's check refuses, with its message.
  json::FieldErrors errors;
  bj::object body{{"recurring_token", "not-a-uuid"}};
  EXPECT_FALSE(schema::TableReader(kChargeFields, &body, "", errors).string("recurring_token"));
  ASSERT_EQ(errors.list().size(), 1u);
  EXPECT_EQ(errors.list()[0].path, "recurring_token");
  EXPECT_EQ(errors.list()[0].code, json::ErrorCode::invalid);
  EXPECT_EQ(errors.list()[0].detail, "Must be a valid UUID.");
}

TEST(CollectOpenApi, WebhookEventsAreTheEventTypesAndFiltersAreQueryParameters) {
  const auto doc = schema::openapi_document(openapi_spec(), "https://pay.example.com");
  const auto& events = doc.at("paths").at("/api/v1/webhooks/").at("post").at("requestBody").at("content")
                           .at("application/json").at("schema").at("properties").at("events").at("items").at("enum");
  ASSERT_EQ(events.as_array().size(), webhooks::event_types().size());
  for (std::size_t i = 0; i < events.as_array().size(); ++i) EXPECT_EQ(events.at(i).as_string(), webhooks::event_types()[i]);

  std::set<std::string> filters;
  for (const auto& p : doc.at("paths").at("/api/v1/purchases/").at("get").at("parameters").as_array())
    if (p.at("in") == "query") filters.insert(std::string(p.at("name").as_string()));
  EXPECT_EQ(filters, (std::set<std::string>{"limit", "cursor", "status", "created_from", "created_to"}));
  const auto& status = doc.at("paths").at("/api/v1/purchases/").at("get").at("parameters").at(2).at("schema");
  EXPECT_EQ(status.at("items").at("enum").as_array().size(), 21u) << "every purchase status";
}

}  // namespace
}  // namespace tender::api::collect
