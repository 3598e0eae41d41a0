#pragma once
// A page of one company's objects of one mode (test or live). The mode is in each document, not an
// indexed column, so rows of the other mode are read and skipped, batch after batch, until the
// page is full or the list ends: correct paging whatever the mix, at the cost of reading the
// other mode's rows in between (an indexed mode column is the remedy if one mode dwarfs the other).
#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "store/store.hpp"

namespace tender::engine {

inline constexpr std::size_t kModeScanBatch = 200;

// Up to `limit` + 1 objects (one more tells there is a next page) in the query's order; `decode`
// turns a record into the object, or nullopt when it belongs to the other mode.
template <class T, class Decode>
std::vector<T> list_of_mode(store::ReadView& view, store::ListQuery q, std::size_t limit, Decode decode) {
  std::vector<T> out;
  q.limit = std::max(limit + 1, kModeScanBatch);
  while (out.size() <= limit) {
    const auto rows = view.list(q);
    for (const auto& r : rows) {
      if (std::optional<T> item = decode(r)) out.push_back(std::move(*item));
      if (out.size() > limit) break;
    }
    if (rows.size() < q.limit) break;
    q.after_created_on = rows.back().created_on;
    q.after_id = rows.back().id;
  }
  return out;
}

}  // namespace tender::engine
