#include "metrics/family.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "metrics/text_format.hpp"

namespace tender::metrics {

FamilyBase::FamilyBase(std::string name, std::string help, LabelSet labels)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {
  if (!is_valid_metric_name(name_)) throw std::invalid_argument("metrics: invalid metric name '" + name_ + "'");
}

void FamilyBase::render(std::string& out) const {
  out.append("# HELP ").append(name_).push_back(' ');
  append_help(out, help_);
  out.append("\n# TYPE ").append(name_).push_back(' ');
  out.append(type()).push_back('\n');
  render_series(out);
}

void FamilyBase::warn_overflow() const {
  // Called once per family (the overflow series is created once), under the family's lock.
  spdlog::warn("metrics: {} reached {} series; further label combinations are counted under \"{}\"", name_,
               kMaxSeriesPerFamily, kOverflowLabelValue);
}

}  // namespace tender::metrics
