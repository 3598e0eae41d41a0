#pragma once
// A thread-safe map of at most `max_entries` values, for objects that never change once written
// (companies, brands, API keys): a hit saves a read transaction and a JSON parse on every request.
// An object that is deleted (a revoked API key) is erased by whoever deletes it.
// When full it starts again empty: simple, bounded, and a miss only costs the read it replaces.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tender::util {

template <class Value>
class BoundedCache {
 public:
  explicit BoundedCache(std::size_t max_entries) : max_entries_(max_entries) {}

  std::optional<Value> get(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

  void put(const std::string& key, const Value& value) {
    std::lock_guard lock(mutex_);
    if (values_.size() >= max_entries_) values_.clear();
    values_.insert_or_assign(key, value);
  }

  void erase(const std::string& key) {
    std::lock_guard lock(mutex_);
    values_.erase(key);
  }

 private:
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Value> values_;
};

}  // namespace tender::util
