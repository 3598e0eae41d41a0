// The JSON reader every dialect builds on: parse_body's limits, then each typed read of
// ObjectReader on every key of the object (and of one nested level), with rules taken from the
// first bytes. What a read returns must obey its rule; every error names its field.
#include <algorithm>
#include <string_view>

#include "fuzz_check.hpp"
#include "json/reader.hpp"

using namespace tender;

namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void read_all(const boost::json::object* object, const std::string& path, json::FieldErrors& errors,
              const unsigned char rules[4], int depth) {
  json::ObjectReader r(object, path, errors);
  constexpr std::string_view kChoices[] = {"a", "b", "card"};
  const json::StringRule string_rule{.required = bool(rules[0] & 1), .nullable = bool(rules[0] & 2),
                                     .max_length = std::size_t(rules[1] % 40), .min_length = std::size_t(rules[2] % 4),
                                     .choices = (rules[0] & 4) ? std::span<const std::string_view>(kChoices)
                                                               : std::span<const std::string_view>()};
  const json::IntRule int_rule{.required = bool(rules[0] & 8), .nullable = bool(rules[0] & 16),
                               .min = std::int64_t(rules[3]) - 128, .max = std::int64_t(rules[3]) * 1000};
  for (const auto& kv : *object) {
    const std::string_view key = kv.key();
    FUZZ_CHECK(r.has_key(key));
    if (auto s = r.string(key, string_rule)) {
      if (string_rule.max_length) FUZZ_CHECK(code_points(*s) <= string_rule.max_length);
      FUZZ_CHECK(code_points(*s) >= string_rule.min_length);
      if (!string_rule.choices.empty())
        FUZZ_CHECK(std::find(string_rule.choices.begin(), string_rule.choices.end(), *s) != string_rule.choices.end());
    }
    if (auto n = r.integer(key, int_rule)) FUZZ_CHECK(*n >= *int_rule.min && *n <= *int_rule.max);
    r.boolean(key, rules[0] & 32);
    if (auto* a = r.array(key, rules[0] & 64, rules[1] % 3, rules[2] % 8)) FUZZ_CHECK(a->size() <= rules[2] % 8);
    if (auto* o = r.object(key); o && depth < 2) read_all(o, r.path_of(key), errors, rules, depth + 1);
  }
  r.reject_unknown({"amount", "currency", "card", "number"});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 4) return 0;
  std::string error;
  auto value = json::parse_body(fuzz::as_text(data + 4, size - 4), &error);
  FUZZ_CHECK(value.has_value() != !error.empty());
  if (!value || !value->is_object()) return 0;
  json::FieldErrors errors;
  const auto& top = value->get_object();
  read_all(&top, "", errors, data, 0);
  // Errors name their field; only a top-level field whose name is "" has the empty path.
  for (const auto& e : errors.list()) FUZZ_CHECK(!e.path.empty() || top.contains(""));
  FUZZ_CHECK(errors.list().size() <= 100);
  return 0;
}
