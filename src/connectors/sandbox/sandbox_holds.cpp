#include "connectors/sandbox/sandbox_holds.hpp"

#include <algorithm>
#include <utility>

#include "crypto/random.hpp"

namespace tender::connectors::sandbox {
namespace {

constexpr std::string_view kReferencePrefix = "sbx_";
constexpr std::string_view kCaptureFailsTag = "sbx_cf_";
constexpr std::string_view kRefundFailsTag = "sbx_rf_";
constexpr std::size_t kReferenceRandomChars = 24;

constexpr std::pair<HoldState, std::string_view> kStateNames[] = {
    {HoldState::verified, "verified"},
    {HoldState::held, "held"},
    {HoldState::captured, "captured"},
    {HoldState::released, "released"},
};

}  // namespace

std::string_view to_string(HoldState state) {
  for (const auto& [s, name] : kStateNames)
    if (s == state) return name;
  return "held";
}

std::optional<HoldState> hold_state_from_string(std::string_view name) {
  for (const auto& [s, n] : kStateNames)
    if (n == name) return s;
  return std::nullopt;
}

std::string new_reference(Behaviour behaviour) {
  std::string_view prefix = kReferencePrefix;
  if (behaviour == Behaviour::capture_fails) prefix = kCaptureFailsTag;
  if (behaviour == Behaviour::refund_fails) prefix = kRefundFailsTag;
  return std::string(prefix) + crypto::random_token(kReferenceRandomChars);
}

bool is_sandbox_reference(std::string_view reference) { return reference.starts_with(kReferencePrefix); }

Behaviour behaviour_of_reference(std::string_view reference) {
  if (reference.starts_with(kCaptureFailsTag)) return Behaviour::capture_fails;
  if (reference.starts_with(kRefundFailsTag)) return Behaviour::refund_fails;
  return Behaviour::approve;
}

HoldTable::HoldTable(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

Hold* HoldTable::find(const std::string& reference) {
  auto it = holds_.find(reference);
  return it == holds_.end() ? nullptr : &it->second;
}

Hold& HoldTable::put(Hold hold) {
  if (Hold* existing = find(hold.reference)) return *existing = std::move(hold);
  while (holds_.size() >= capacity_ && !order_.empty()) {
    holds_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(hold.reference);
  std::string reference = hold.reference;
  return holds_.emplace(std::move(reference), std::move(hold)).first->second;
}

}  // namespace tender::connectors::sandbox
