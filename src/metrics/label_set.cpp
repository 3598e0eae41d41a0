#include "metrics/label_set.hpp"

#include <stdexcept>

#include "metrics/text_format.hpp"

namespace tender::metrics {

LabelSet::LabelSet(std::vector<std::string> names) : names_(std::move(names)) {
  if (names_.size() > kMaxLabels) throw std::invalid_argument("metrics: too many labels");
  for (std::size_t i = 0; i < names_.size(); ++i) {
    // "le" is the histogram's own bucket label.
    if (!is_valid_label_name(names_[i]) || names_[i] == "le")
      throw std::invalid_argument("metrics: invalid label name '" + names_[i] + "'");
    for (std::size_t j = 0; j < i; ++j)
      if (names_[j] == names_[i]) throw std::invalid_argument("metrics: label '" + names_[i] + "' given twice");
  }
}

std::string_view LabelSet::bounded(std::string_view value) {
  if (value.size() <= kMaxValueBytes) return value;
  std::size_t cut = kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // a continuation byte
  return value.substr(0, cut);
}

std::string LabelSet::render(std::span<const std::string_view> values) const {
  if (values.size() != names_.size()) throw std::invalid_argument("metrics: wrong number of label values");
  std::string out;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::string_view value = bounded(values[i]);
    if (i > 0) out.push_back(',');
    out.append(names_[i]).append("=\"");
    append_label_value(out, value);
    out.push_back('"');
  }
  return out;
}

}  // namespace tender::metrics
