#pragma once
// The pieces of the Prometheus text exposition format 0.0.4 that every metric type shares: name
// checks, escaping and number formatting. https://prometheus.io/docs/instrumenting/exposition_formats/
#include <cstdint>
#include <string>
#include <string_view>

namespace tender::metrics {

// What a scrape answers with.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool is_valid_metric_name(std::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*, and not starting with "__" (reserved for Prometheus itself).
bool is_valid_label_name(std::string_view name);

// A label value inside double quotes: backslash, double quote and line feed are escaped.
void append_label_value(std::string& out, std::string_view value);
// A # HELP text: backslash and line feed are escaped (double quotes are not, per the format).
void append_help(std::string& out, std::string_view help);

// Go's ParseFloat syntax, as Prometheus reads it: "+Inf", "-Inf", "NaN", integral values without
// a fraction ("3"), others in the shortest form that reads back exactly ("0.005").
void append_number(std::string& out, double value);
void append_number(std::string& out, std::uint64_t value);

// One sample line: name+suffix, then {labels,extra} when either is not empty, then the value.
// `labels` and `extra` are already rendered pairs (`a="x",b="y"`), without braces.
template <class Value>
void append_sample(std::string& out, std::string_view name, std::string_view suffix, std::string_view labels,
                   std::string_view extra, Value value) {
  out.append(name).append(suffix);
  if (!labels.empty() || !extra.empty()) {
    out.push_back('{');
    out.append(labels);
    if (!labels.empty() && !extra.empty()) out.push_back(',');
    out.append(extra);
    out.push_back('}');
  }
  out.push_back(' ');
  append_number(out, value);
  out.push_back('\n');
}

}  // namespace tender::metrics
