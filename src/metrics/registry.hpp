#pragma once
// The metrics of one process, rendered in the Prometheus text format (GET /metrics). Components
// register their families once (at construction) and keep references to the series they feed;
// registering a name again returns the same family, so two components (or two stores in a test)
// may share one. Every name starts with "tender_".
//
// Values that are cheaper to read when asked than to maintain on every event (a backlog, the age
// of the last sweep) are set by refreshers: functions run on the scraping thread just before each
// rendering (on_scrape).
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "metrics/counter.hpp"
#include "metrics/family.hpp"
#include "metrics/gauge.hpp"
#include "metrics/histogram.hpp"

namespace tender::metrics {

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // A family, registered on first use. Throws std::invalid_argument for an invalid name, labels
  // or buckets, or a name registered before with another type, labels or buckets.
  Family<Counter>& counters(const std::string& name, const std::string& help, std::vector<std::string> labels);
  Family<Gauge>& gauges(const std::string& name, const std::string& help, std::vector<std::string> labels);
  Family<Histogram>& histograms(const std::string& name, const std::string& help, const Buckets& buckets,
                                std::vector<std::string> labels);

  // The one series of a family without labels.
  Counter& counter(const std::string& name, const std::string& help) { return counters(name, help, {}).with({}); }
  Gauge& gauge(const std::string& name, const std::string& help) { return gauges(name, help, {}).with({}); }
  Histogram& histogram(const std::string& name, const std::string& help, const Buckets& buckets) {
    return histograms(name, help, buckets, {}).with({});
  }

  // Runs `refresh` before every render(). It must stay callable as long as the registry may be
  // rendered. A refresher that throws is logged and skipped: the rest of the scrape still answers.
  void on_scrape(std::function<void()> refresh);

  // The text exposition format 0.0.4 of every family, sorted by name.
  std::string render() const;

  // For components built without a registry (CLI commands, most tests): series fed there are
  // never rendered, so hot paths need no "is there a registry" test.
  static Registry& discard();

  static constexpr std::size_t kMaxFamilies = 256;
  static constexpr std::size_t kMaxRefreshers = 64;
  inline static const std::string kNamePrefix = "tender_";

 private:
  template <class Metric>
  Family<Metric>& family(const std::string& name, const std::string& help, std::vector<std::string> labels,
                         const Buckets* buckets, typename Family<Metric>::Make make);

  struct Entry {
    std::unique_ptr<FamilyBase> family;
    std::optional<Buckets> buckets;  // a histogram family's
  };

  mutable std::mutex mutex_;
  std::vector<Entry> families_;
  std::vector<std::function<void()>> refreshers_;
};

}  // namespace tender::metrics
