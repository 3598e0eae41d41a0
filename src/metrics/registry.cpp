#include "metrics/registry.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace tender::metrics {

template <class Metric>
Family<Metric>& Registry::family(const std::string& name, const std::string& help, std::vector<std::string> labels,
                                 const Buckets* buckets, typename Family<Metric>::Make make) {
  if (!name.starts_with(kNamePrefix)) throw std::invalid_argument("metrics: '" + name + "' does not start with " + kNamePrefix);
  LabelSet label_set(std::move(labels));
  std::lock_guard lock(mutex_);
  for (auto& entry : families_) {
    if (entry.family->name() != name) continue;
    auto* same = dynamic_cast<Family<Metric>*>(entry.family.get());
    const bool same_buckets = buckets ? entry.buckets == *buckets : !entry.buckets;
    if (!same || entry.family->labels() != label_set || !same_buckets)
      throw std::invalid_argument("metrics: '" + name + "' is registered with another type, labels or buckets");
    return *same;
  }
  if (families_.size() >= kMaxFamilies) throw std::invalid_argument("metrics: too many metric families");
  auto created = std::make_unique<Family<Metric>>(name, help, std::move(label_set), std::move(make));
  auto& result = *created;
  families_.push_back(Entry{std::move(created), buckets ? std::optional(*buckets) : std::nullopt});
  return result;
}

Family<Counter>& Registry::counters(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  return family<Counter>(name, help, std::move(labels), nullptr, [] { return std::make_unique<Counter>(); });
}

Family<Gauge>& Registry::gauges(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  return family<Gauge>(name, help, std::move(labels), nullptr, [] { return std::make_unique<Gauge>(); });
}

Family<Histogram>& Registry::histograms(const std::string& name, const std::string& help, const Buckets& buckets,
                                        std::vector<std::string> labels) {
  return family<Histogram>(name, help, std::move(labels), &buckets,
                           [buckets] { return std::make_unique<Histogram>(buckets); });
}

void Registry::on_scrape(std::function<void()> refresh) {
  std::lock_guard lock(mutex_);
  if (refreshers_.size() >= kMaxRefreshers) throw std::invalid_argument("metrics: too many scrape refreshers");
  refreshers_.push_back(std::move(refresh));
}

std::string Registry::render() const {
  std::vector<std::function<void()>> refreshers;
  {
    std::lock_guard lock(mutex_);
    refreshers = refreshers_;
  }
  // Outside the lock: a refresher may register the series it sets.
  for (const auto& refresh : refreshers) {
    try {
      refresh();
    } catch (const std::exception& e) {
      spdlog::warn("metrics: a scrape refresher failed (its gauges keep their last values): {}", e.what());
    }
  }
  std::vector<const FamilyBase*> sorted;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : families_) sorted.push_back(entry.family.get());
  }
  // Families are never removed, so the pointers outlive the lock.
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name() < b->name(); });
  std::string out;
  for (const auto* family : sorted) family->render(out);
  return out;
}

Registry& Registry::discard() {
  static Registry registry;
  return registry;
}

}  // namespace tender::metrics
