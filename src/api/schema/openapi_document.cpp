#include "api/schema/openapi_document.hpp"

#include <stdexcept>
#include <string>

#include "api/schema/json_schema.hpp"

namespace tender::api::schema {

namespace bj = boost::json;

namespace {

bj::value parse(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  auto v = bj::parse(text, ec);
  if (ec) throw std::invalid_argument("openapi: " + std::string(what) + " is not JSON: " + ec.message());
  return v;
}

// {id} and {token} in a path are path parameters: strings unless `described` says more.
bj::array path_parameters(std::string_view path, Fields described) {
  bj::array out;
  for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
    auto close = path.find('}', open);
    if (close == std::string_view::npos) break;
    auto name = path.substr(open + 1, close - open - 1);
    bj::object p{{"name", name}, {"in", "path"}, {"required", true}, {"schema", bj::object{{"type", "string"}}}};
    if (const auto* f = find_field(described, name)) {
      p["schema"] = field_schema(*f);
      if (!f->description.empty()) p["description"] = f->description;
    }
    out.push_back(std::move(p));
  }
  return out;
}

bj::object query_parameter(const Field& f) {
  bj::object p{{"name", f.name}, {"in", "query"}, {"required", f.required}, {"schema", field_schema(f)}};
  if (!f.description.empty()) p["description"] = f.description;
  return p;
}

bj::object operation_object(const Operation& op) {
  bj::object o{{"operationId", op.operation_id}, {"summary", op.summary}};
  if (!op.description.empty()) o["description"] = op.description;
  if (!op.fixture.empty()) o["x-tender-fixture"] = op.fixture;
  if (!op.fixture_example.empty()) o["x-tender-fixture-example"] = parse(op.fixture_example, op.operation_id);
  if (!op.setup.empty()) o["x-tender-setup"] = op.setup;
  auto parameters = path_parameters(op.path, op.path_params);
  for (const auto& q : op.query) parameters.push_back(query_parameter(q));
  if (!parameters.empty()) o["parameters"] = std::move(parameters);
  if (!op.example.empty() && !op.body) o["x-tender-example-status"] = op.example_status;
  if (!op.example_query.empty()) o["x-tender-example-query"] = op.example_query;
  if (op.body) {
    bj::object media{{"schema", field_schema(*op.body)}};
    if (!op.example.empty()) {
      media["examples"] = bj::object{{"example", bj::object{{"summary", "An example request"},
                                                            {"value", parse(op.example, op.operation_id)},
                                                            {"x-tender-status", op.example_status}}}};
    }
    o["requestBody"] = bj::object{{"required", true}, {"content", bj::object{{"application/json", std::move(media)}}}};
  }
  bj::object responses;
  bool example_documented = false;
  for (const auto& r : op.responses) {
    bj::object response{{"description", r.description}};
    if (!r.schema_name.empty()) {
      auto ref = "#/components/schemas/" + std::string(r.schema_name);
      response["content"] = bj::object{{"application/json", bj::object{{"schema", bj::object{{"$ref", ref}}}}}};
    }
    responses[std::to_string(r.status)] = std::move(response);
    example_documented = example_documented || r.status == op.example_status;
  }
  if (!example_documented)
    throw std::invalid_argument("openapi: " + std::string(op.operation_id) + " example status is not documented");
  o["responses"] = std::move(responses);
  return o;
}

}  // namespace

bj::object openapi_document(const DocumentSpec& spec, std::string_view server_url) {
  bj::object paths;
  for (const auto& op : spec.operations) {
    auto& item = paths[op.path];
    if (!item.is_object()) item = bj::object{};
    item.as_object()[op.method] = operation_object(op);
  }
  auto schemas = parse(spec.schemas, "schemas").as_object();
  if (!spec.more_schemas.empty()) {
    auto more = parse(spec.more_schemas, "more schemas");
    for (auto& kv : more.as_object()) {
      if (schemas.contains(kv.key()))
        throw std::invalid_argument("openapi: schema " + std::string(kv.key()) + " is defined twice");
      schemas[kv.key()] = std::move(kv.value());
    }
  }
  bj::object components{{"securitySchemes", parse(spec.security_schemes, "securitySchemes")},
                        {"schemas", std::move(schemas)}};
  return bj::object{
      {"openapi", "3.1.0"},
      {"info", bj::object{{"title", spec.title}, {"version", "1"}, {"description", spec.description}}},
      {"servers", bj::array{bj::object{{"url", server_url}}}},
      {"security", parse(spec.security, "security")},
      {"paths", std::move(paths)},
      {"components", std::move(components)},
  };
}

}  // namespace tender::api::schema
