#include "webhooks/event_types.hpp"

#include <algorithm>

#include "engine/state_machine.hpp"

namespace tender::webhooks {

namespace {

// Events the engine writes that are not a row of the state machine's table.
constexpr std::string_view kExtraEvents[] = {"purchase.created", "purchase.recurring_token_deleted"};

std::vector<std::string> build() {
  std::vector<std::string> all;
  for (const auto& t : engine::transition_table()) all.emplace_back(t.event_type);
  for (auto e : kExtraEvents) all.emplace_back(e);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

}  // namespace

const std::vector<std::string>& event_types() {
  static const std::vector<std::string> all = build();
  return all;
}

bool is_event_type(std::string_view name) {
  const auto& all = event_types();
  return std::binary_search(all.begin(), all.end(), name, [](const auto& a, const auto& b) {
    return std::string_view(a) < std::string_view(b);
  });
}

const std::string& event_types_text() {
  static const std::string text = [] {
    std::string s;
    for (const auto& e : event_types()) s += (s.empty() ? "" : ", ") + e;
    return s;
  }();
  return text;
}

bool is_success_callback_event(std::string_view event_type) {
  return event_type == "purchase.paid" || event_type == "purchase.captured";
}

bool is_failure_callback_event(std::string_view event_type) { return event_type == "purchase.payment_failure"; }

}  // namespace tender::webhooks
