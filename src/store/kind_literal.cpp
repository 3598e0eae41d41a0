#include "store/kind_literal.hpp"

#include <algorithm>
#include <stdexcept>

namespace tender::store {

namespace {
constexpr std::size_t kMaxKindLiteralBytes = 32;
}

std::string kind_literal(const std::string& kind) {
  const bool plain = !kind.empty() && kind.size() <= kMaxKindLiteralBytes &&
                     std::all_of(kind.begin(), kind.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  if (!plain) throw std::invalid_argument("list: a kind listed across companies must be lower-case letters and '_'");
  return "'" + kind + "'";
}

}  // namespace tender::store
