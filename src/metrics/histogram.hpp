#pragma once
// A histogram with fixed buckets: counts of observations at or under each upper bound, their sum
// and their count (latencies in seconds, batch sizes). Observing is one search over at most
// kMaxBuckets bounds and two relaxed atomic adds, no lock. The bounds are fixed when the family is
// registered, so every series of a family can be aggregated with every other.
//
// A scrape reads each bucket once and derives the cumulative counts and _count from that one
// reading, so what it renders is always consistent (buckets never decrease, +Inf equals _count);
// _sum may include an observation whose bucket the reading just missed.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tender::metrics {

class Buckets {
 public:
  // Upper bounds, finite and strictly increasing; +Inf is implied. Throws std::invalid_argument.
  explicit Buckets(std::vector<double> upper_bounds);
  // start, start*factor, start*factor^2, … (count bounds).
  static Buckets exponential(double start, double factor, std::size_t count);

  const std::vector<double>& upper_bounds() const { return bounds_; }
  bool operator==(const Buckets&) const = default;

  static constexpr std::size_t kMaxBuckets = 32;

 private:
  std::vector<double> bounds_;
};

// Request and call latencies: 1 ms to 10 s.
Buckets latency_buckets();

class Histogram {
 public:
  static constexpr std::string_view kType = "histogram";

  explicit Histogram(const Buckets& buckets);

  // NaN is ignored (it has no bucket).
  void observe(double value) noexcept;

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per upper bound, then +Inf (== count)
    std::uint64_t count = 0;
    double sum = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& upper_bounds() const { return bounds_; }

  // name_bucket{…,le="…"} for every bound and +Inf, name_sum, name_count.
  void render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  const std::vector<double> bounds_;
  // Non-cumulative: counts_[i] holds observations in (bounds_[i-1], bounds_[i]]; the last is +Inf.
  const std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

}  // namespace tender::metrics
