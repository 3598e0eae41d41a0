#pragma once
// A gauge: a value that goes up and down (a queue's depth, requests in flight, a backlog's age).
// Set by the code that knows the value, or just before a scrape by a refresher
// (Registry::on_scrape) when reading it costs more than a hot path should pay.
#include <atomic>
#include <string>
#include <string_view>

#include "metrics/text_format.hpp"

namespace tender::metrics {

class Gauge {
 public:
  static constexpr std::string_view kType = "gauge";

  void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
  void add(double delta) noexcept { value_.fetch_add(delta, std::memory_order_relaxed); }
  void inc() noexcept { add(1); }
  void dec() noexcept { add(-1); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

  void render(std::string& out, std::string_view name, std::string_view labels) const {
    append_sample(out, name, "", labels, "", value());
  }

 private:
  std::atomic<double> value_{0};
};

}  // namespace tender::metrics
