#pragma once
// A metric family: one name, help text, type and label names, and one series per combination of
// label values (a Counter, Gauge or Histogram each). Series are created on first use and never
// removed, so a reference to one stays valid for the family's life: callers on a hot path look a
// series up once and keep it.
//
// Cardinality is bounded: at most kMaxSeriesPerFamily series per family. Past that, every new
// combination is counted in one overflow series whose labels all read "overflow" (totals stay
// right, and the overflow is visible on the dashboard), and a warning is logged once.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "metrics/label_set.hpp"

namespace tender::metrics {

inline constexpr std::size_t kMaxSeriesPerFamily = 1000;
inline constexpr std::string_view kOverflowLabelValue = "overflow";

class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, LabelSet labels);
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const LabelSet& labels() const { return labels_; }
  virtual std::string_view type() const = 0;
  virtual std::size_t series_count() const = 0;

  // # HELP, # TYPE, then every series in the order they were created.
  void render(std::string& out) const;

 protected:
  virtual void render_series(std::string& out) const = 0;
  void warn_overflow() const;  // logs once per family

 private:
  const std::string name_;
  const std::string help_;
  const LabelSet labels_;
};

template <class Metric>
class Family final : public FamilyBase {
 public:
  using Make = std::function<std::unique_ptr<Metric>()>;

  Family(std::string name, std::string help, LabelSet labels, Make make)
      : FamilyBase(std::move(name), std::move(help), std::move(labels)), make_(std::move(make)) {}

  std::string_view type() const override { return Metric::kType; }

  // The series of these label values (one per label name, in order), created on first use.
  Metric& with(std::initializer_list<std::string_view> values) {
    return with(std::span<const std::string_view>(values.begin(), values.size()));
  }
  Metric& with(std::span<const std::string_view> values) {
    // One buffer per thread: the common case (the series exists) allocates nothing.
    thread_local std::string key;
    key.clear();
    for (auto value : values) {
      value = LabelSet::bounded(value);
      // Length-prefixed, so that no value can imitate a separator.
      const auto size = static_cast<std::uint32_t>(value.size());
      key.append(reinterpret_cast<const char*>(&size), sizeof size).append(value);
    }
    {
      std::shared_lock lock(mutex_);
      if (auto it = index_.find(key); it != index_.end()) return *it->second;
    }
    std::unique_lock lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) return *it->second;
    if (index_.size() >= kMaxSeriesPerFamily) return overflow(values.size());
    auto& series = series_.emplace_back(Series{labels().render(values), make_()});
    index_.emplace(key, series.metric.get());
    return *series.metric;
  }

  std::size_t series_count() const override {
    std::shared_lock lock(mutex_);
    return series_.size();
  }

 private:
  struct Series {
    std::string labels;  // rendered once
    std::unique_ptr<Metric> metric;
  };

  // Under the unique lock.
  Metric& overflow(std::size_t label_count) {
    if (!overflow_) {
      const std::vector<std::string_view> values(label_count, kOverflowLabelValue);
      overflow_ = &*series_.emplace_back(Series{labels().render(values), make_()}).metric;
      warn_overflow();
    }
    return *overflow_;
  }

  void render_series(std::string& out) const override {
    std::shared_lock lock(mutex_);
    for (const auto& s : series_) s.metric->render(out, name(), s.labels);
  }

  const Make make_;
  mutable std::shared_mutex mutex_;
  std::vector<Series> series_;                          // creation order; at most kMaxSeriesPerFamily + 1
  std::unordered_map<std::string, Metric*> index_;      // by length-prefixed label values
  Metric* overflow_ = nullptr;
};

}  // namespace tender::metrics
