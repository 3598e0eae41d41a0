#pragma once
// The label names of one metric family, fixed when the family is registered, and the rendering of
// one series' values against them (`route="/p/{id}/",method="GET"`). Label values come from code
// (route patterns, connector names, outcomes), never straight from request input; they are still
// bounded in length, so that one bad value cannot bloat every scrape.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tender::metrics {

class LabelSet {
 public:
  LabelSet() = default;
  // Throws std::invalid_argument for an invalid or repeated name, or more than kMaxLabels.
  explicit LabelSet(std::vector<std::string> names);

  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  bool operator==(const LabelSet&) const = default;

  // `a="x",b="y"`, without braces; "" for a family without labels. values.size() must be size().
  // Each value is bounded() first.
  std::string render(std::span<const std::string_view> values) const;

  // `value`, cut to kMaxValueBytes (at a UTF-8 character boundary): what a series is known by.
  static std::string_view bounded(std::string_view value);

  static constexpr std::size_t kMaxLabels = 8;
  static constexpr std::size_t kMaxValueBytes = 256;

 private:
  std::vector<std::string> names_;
};

}  // namespace tender::metrics
