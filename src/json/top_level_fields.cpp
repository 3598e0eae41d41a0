#include "json/top_level_fields.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace tender::json {

namespace {

using boost::json::error_code;
using boost::json::string_view;

// basic_parser's handler: tracks the nesting depth and, at depth 1 (the root object's members),
// the current key; keeps a value when that key is one of the wanted members.
struct Handler {
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  std::vector<TopLevelFields::Member>* members = nullptr;
  int depth = 0;
  bool root_is_object = false;
  std::string key;                                  // the depth-1 key being read or just read
  TopLevelFields::Member* current = nullptr;        // the wanted member `key` names, if any
  std::string value;                                // a wanted string value being read

  void select() {
    current = nullptr;
    for (auto& m : *members) {
      if (m.name == key) current = &m;
    }
  }
  // A value at depth 1 that is not a kept string or boolean: the member is not of the read type.
  void other_value() {
    if (depth == 1) current = nullptr;
  }

  // An object or array opens: as a member's value it is not a kept type; its members are deeper.
  bool open() {
    other_value();
    ++depth;
    return true;
  }
  bool close() {
    --depth;
    return true;
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return open(); }
  bool on_array_end(std::size_t, error_code&) { return close(); }
  bool on_object_begin(error_code&) {
    if (depth == 0) root_is_object = true;
    return open();
  }
  bool on_object_end(std::size_t, error_code&) { return close(); }
  bool on_string_part(string_view s, std::size_t, error_code&) {
    if (depth == 1 && current) value.append(s.data(), s.size());
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    if (depth == 1 && current) {
      value.append(s.data(), s.size());
      current->text = std::move(value);
      value.clear();
      current = nullptr;
    }
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    if (depth == 1) key.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    if (depth == 1) {
      key.append(s.data(), s.size());
      select();
      key.clear();
    }
    return true;
  }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) {
    other_value();
    return true;
  }
  bool on_uint64(std::uint64_t, string_view, error_code&) {
    other_value();
    return true;
  }
  bool on_double(double, string_view, error_code&) {
    other_value();
    return true;
  }
  bool on_bool(bool b, error_code&) {
    if (depth == 1 && current) {
      current->flag = b;
      current = nullptr;
    }
    return true;
  }
  bool on_null(error_code&) {
    other_value();
    return true;
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

TopLevelFields::TopLevelFields(std::initializer_list<std::string_view> wanted) {
  members_.reserve(wanted.size());
  for (auto name : wanted) members_.push_back(Member{std::string(name), std::nullopt, std::nullopt});
}

void TopLevelFields::forget() {
  for (auto& m : members_) {
    m.text.reset();
    m.flag.reset();
  }
}

void TopLevelFields::parse(std::string_view text) {
  forget();
  boost::json::basic_parser<Handler> parser{boost::json::parse_options{}};
  parser.handler().members = &members_;
  error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec || used != text.size() || !parser.handler().root_is_object) {
    forget();
    throw std::invalid_argument("json: not a JSON object" + (ec ? ": " + ec.message() : std::string()));
  }
}

const TopLevelFields::Member* TopLevelFields::find(std::string_view name) const {
  for (const auto& m : members_) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string TopLevelFields::text(std::string_view name) const {
  const Member* m = find(name);
  return m && m->text ? *m->text : std::string();
}

bool TopLevelFields::flag(std::string_view name) const {
  const Member* m = find(name);
  return m && m->flag && *m->flag;
}

}  // namespace tender::json
