#pragma once
// A counter: a value that only goes up (requests answered, batches committed). One relaxed atomic
// add per event: the hot path takes no lock, and a scrape may see a count one event behind.
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/text_format.hpp"

namespace tender::metrics {

class Counter {
 public:
  static constexpr std::string_view kType = "counter";

  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

  void render(std::string& out, std::string_view name, std::string_view labels) const {
    append_sample(out, name, "", labels, "", value());
  }

 private:
  std::atomic<std::uint64_t> value_{0};
};

}  // namespace tender::metrics
