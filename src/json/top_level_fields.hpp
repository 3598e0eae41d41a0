#pragma once
// A few top-level members of a JSON document read without building the document: a SAX pass of
// Boost.JSON's basic_parser that keeps only the named string and boolean members. For hot paths
// that need two or three fields of a large stored document (the webhook fan-out reads a purchase's
// callback settings from every paid event).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tender::json {

class TopLevelFields {
 public:
  // The member names to keep; members with other names, and nested members, are skipped.
  explicit TopLevelFields(std::initializer_list<std::string_view> wanted);

  // Reads `text` (a whole document whose root is an object), replacing what an earlier call kept.
  // Throws std::invalid_argument when it is not valid JSON or its root is not an object.
  void parse(std::string_view text);

  // As json::text and json::flag read a parsed object: "" / false when the member is absent or of
  // another type.
  std::string text(std::string_view name) const;
  bool flag(std::string_view name) const;

  struct Member {
    std::string name;
    std::optional<std::string> text;
    std::optional<bool> flag;
  };

 private:
  const Member* find(std::string_view name) const;
  void forget();  // every member absent again

  std::vector<Member> members_;
};

}  // namespace tender::json
