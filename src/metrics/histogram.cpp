#include "metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "metrics/text_format.hpp"

namespace tender::metrics {

Buckets::Buckets(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  if (bounds_.empty() || bounds_.size() > kMaxBuckets)
    throw std::invalid_argument("metrics: a histogram needs 1 to 32 bucket bounds");
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i])) throw std::invalid_argument("metrics: bucket bounds must be finite (+Inf is implied)");
    if (i > 0 && !(bounds_[i] > bounds_[i - 1])) throw std::invalid_argument("metrics: bucket bounds must increase");
  }
}

Buckets Buckets::exponential(double start, double factor, std::size_t count) {
  if (!(start > 0) || !(factor > 1)) throw std::invalid_argument("metrics: exponential buckets need start > 0 and factor > 1");
  std::vector<double> bounds;
  double bound = start;
  for (std::size_t i = 0; i < count; ++i, bound *= factor) bounds.push_back(bound);
  return Buckets(std::move(bounds));
}

Buckets latency_buckets() {
  return Buckets({0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
}

Histogram::Histogram(const Buckets& buckets)
    : bounds_(buckets.upper_bounds()), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) noexcept {
  if (std::isnan(value)) return;
  // Bounds are inclusive ("le"): the first bound >= value.
  const auto i = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

void Histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
  const Snapshot s = snapshot();
  std::string le;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    le.assign("le=\"");
    if (i < bounds_.size()) append_number(le, bounds_[i]);
    else le.append("+Inf");
    le.push_back('"');
    append_sample(out, name, "_bucket", labels, le, s.cumulative[i]);
  }
  append_sample(out, name, "_sum", labels, "", s.sum);
  append_sample(out, name, "_count", labels, "", s.count);
}

}  // namespace tender::metrics
