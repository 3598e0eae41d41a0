#include "api/openapi/reference_page.hpp"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <stdexcept>

#include "api/embedded_files.hpp"
#include "api/openapi/openapi_documents.hpp"

namespace tender::api::openapi {

namespace bj = boost::json;
namespace mustache = kainjow::mustache;

namespace {

constexpr int kMaxDepth = 8;  // the tables nest four levels at most

std::string text_of(const bj::value& v) {
  return v.is_string() ? std::string(v.get_string()) : bj::serialize(v);
}

std::string type_text(const bj::object& s) {
  const auto* t = s.if_contains("type");
  if (!t) return s.contains("oneOf") ? "object (one of)" : "";
  if (t->is_string()) return std::string(t->get_string());
  std::string out;
  if (t->is_array())
    for (const auto& one : t->get_array()) out += (out.empty() ? "" : " | ") + text_of(one);
  return out;
}

// The limits of one schema as short phrases ("≤ 255 characters", "one of: a, b").
std::string limits_text(const bj::object& s) {
  std::vector<std::string> parts;
  auto add = [&](const char* key, const std::string& prefix, const std::string& suffix = {}) {
    if (const auto* v = s.if_contains(key)) parts.push_back(prefix + text_of(*v) + suffix);
  };
  add("minLength", "≥ ", " characters");
  add("maxLength", "≤ ", " characters");
  add("minimum", "≥ ");
  add("maximum", "≤ ");
  add("minItems", "≥ ", " items");
  add("maxItems", "≤ ", " items");
  add("pattern", "pattern ");
  add("format", "format ");
  add("const", "always ");
  if (const auto* e = s.if_contains("enum"); e && e->is_array()) {
    std::string list;
    for (const auto& one : e->get_array()) list += (list.empty() ? "" : ", ") + (one.is_string() ? "\"" + text_of(one) + "\"" : text_of(one));
    parts.push_back("one of: " + list);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

void add_fields(const bj::object& schema, const std::string& prefix, mustache::data& rows, int depth) {
  if (depth > kMaxDepth) return;
  if (const auto* alternatives = schema.if_contains("oneOf"); alternatives && alternatives->is_array()) {
    for (const auto& alt : alternatives->get_array()) {
      const auto& a = alt.as_object();
      std::string label = a.contains("description") ? text_of(a.at("description")) : "";
      mustache::data row;
      row.set("name", prefix);
      row.set("type", "object");
      row.set("required", "");
      row.set("limits", "");
      row.set("description", label);
      rows.push_back(row);
      add_fields(a, prefix, rows, depth + 1);
    }
    return;
  }
  const auto* properties = schema.if_contains("properties");
  if (!properties || !properties->is_object()) return;
  std::vector<std::string> required;
  if (const auto* r = schema.if_contains("required"); r && r->is_array())
    for (const auto& n : r->get_array()) required.push_back(text_of(n));
  for (const auto& kv : properties->get_object()) {
    const auto& s = kv.value().as_object();
    std::string name = prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key());
    mustache::data row;
    row.set("name", name);
    row.set("type", type_text(s));
    row.set("required", std::find(required.begin(), required.end(), std::string(kv.key())) != required.end() ? "required" : "");
    row.set("limits", limits_text(s));
    row.set("description", s.contains("description") ? text_of(s.at("description")) : "");
    rows.push_back(row);
    add_fields(s, name, rows, depth + 1);
    if (const auto* items = s.if_contains("items"); items && items->is_object()) add_fields(items->get_object(), name + "[]", rows, depth + 1);
  }
}

mustache::data operation_data(const std::string& method, const std::string& path, const bj::object& op) {
  mustache::data d;
  std::string upper;
  for (char c : method) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  d.set("method", upper);
  d.set("path", path);
  d.set("summary", text_of(op.at("summary")));
  d.set("operation_id", text_of(op.at("operationId")));
  // Its own key: an operation without one must not show its document's (Mustache looks outwards).
  if (const auto* desc = op.if_contains("description")) d.set("operation_description", text_of(*desc));
  mustache::data responses{mustache::data::type::list};
  for (const auto& kv : op.at("responses").as_object()) {
    mustache::data r;
    r.set("status", std::string(kv.key()));
    r.set("text", text_of(kv.value().as_object().at("description")));
    responses.push_back(r);
  }
  d.set("responses", responses);
  if (const auto* parameters = op.if_contains("parameters"); parameters && parameters->is_array()) {
    mustache::data rows{mustache::data::type::list};
    for (const auto& p : parameters->get_array()) {
      const auto& param = p.as_object();
      const auto& schema = param.at("schema").as_object();
      mustache::data row;
      row.set("name", text_of(param.at("name")));
      row.set("in", text_of(param.at("in")));
      row.set("type", type_text(schema) + (schema.contains("items") ? " of " + type_text(schema.at("items").as_object()) : ""));
      row.set("required", param.at("required").as_bool() ? "required" : "");
      std::string limits = limits_text(schema);
      if (const auto* items = schema.if_contains("items"); items && items->is_object()) {
        auto item_limits = limits_text(items->get_object());
        if (!item_limits.empty()) limits += (limits.empty() ? "" : "; ") + std::string("each: ") + item_limits;
      }
      row.set("limits", limits);
      row.set("description", param.contains("description") ? text_of(param.at("description")) : "");
      rows.push_back(row);
    }
    d.set("parameters", rows);
    d.set("has_parameters", true);
  }
  if (const auto* query = op.if_contains("x-tender-example-query")) d.set("example_query", "?" + text_of(*query));
  if (const auto* status = op.if_contains("x-tender-example-status")) {
    d.set("example_status", text_of(*status));
    d.set("bodiless_example", true);
  }
  if (const auto* body = op.if_contains("requestBody")) {
    const auto& media = body->as_object().at("content").as_object().at("application/json").as_object();
    mustache::data rows{mustache::data::type::list};
    add_fields(media.at("schema").as_object(), "", rows, 0);
    d.set("fields", rows);
    d.set("has_fields", true);
    if (const auto* examples = media.if_contains("examples")) {
      const auto& example = examples->as_object().at("example").as_object();
      d.set("example", bj::serialize(example.at("value")));
      d.set("example_status", text_of(example.at("x-tender-status")));
    }
  }
  return d;
}

}  // namespace

std::string reference_page_html(const std::string& public_url) {
  mustache::data documents{mustache::data::type::list};
  for (const auto& dd : dialect_documents()) {
    const auto* doc = document(dd.name, public_url);
    mustache::data d;
    d.set("name", std::string(dd.name));
    d.set("title", std::string(dd.title));
    d.set("description", text_of(doc->at("info").as_object().at("description")));
    mustache::data operations{mustache::data::type::list};
    for (const auto& path : doc->at("paths").as_object())
      for (const auto& op : path.value().as_object())
        operations.push_back(operation_data(std::string(op.key()), std::string(path.key()), op.value().as_object()));
    d.set("operations", operations);
    documents.push_back(d);
  }
  mustache::data page;
  page.set("documents", documents);
  mustache::mustache tmpl{std::string(embedded("openapi_reference.mustache"))};
  if (!tmpl.is_valid()) throw std::runtime_error("template openapi_reference.mustache: " + tmpl.error_message());
  return tmpl.render(page);
}

}  // namespace tender::api::openapi
