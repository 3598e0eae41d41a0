#pragma once
// The authorizations the sandbox holds, by reference: what was authorized, captured and refunded,
// and the state. Bounded in number: beyond the capacity the oldest is forgotten first.
//
// A reference encodes the failing scenario cards ("sbx_cf_": every capture fails, "sbx_rf_":
// every refund fails), so that a reference the sandbox has forgotten still behaves as its card did.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "connectors/sandbox/test_cards.hpp"

namespace tender::connectors::sandbox {

enum class HoldState { verified, held, captured, released };

std::string_view to_string(HoldState state);
std::optional<HoldState> hold_state_from_string(std::string_view name);

struct Hold {
  std::string reference;
  HoldState state = HoldState::held;
  std::int64_t authorized = 0;  // 0 for a preauthorization (verified)
  std::int64_t captured = 0;
  std::int64_t refunded = 0;
  std::string currency = {};
  std::string scheme = {};   // empty for a hold forgiven after a restart
  std::string country = {};  // likewise
  std::string card_type = {};  // likewise
};

// A fresh reference for an authorization of a card with this behaviour.
std::string new_reference(Behaviour behaviour);
// Whether the sandbox could have issued this reference ("sbx_…").
bool is_sandbox_reference(std::string_view reference);
// capture_fails, refund_fails or (any other reference) approve.
Behaviour behaviour_of_reference(std::string_view reference);

class HoldTable {
 public:
  explicit HoldTable(std::size_t capacity);

  // The hold under this reference, or nullptr. The pointer is valid until the next put().
  Hold* find(const std::string& reference);
  // Adds the hold, or replaces the one under the same reference (which keeps its age).
  Hold& put(Hold hold);
  std::size_t size() const { return holds_.size(); }

 private:
  std::size_t capacity_;
  std::unordered_map<std::string, Hold> holds_;
  std::deque<std::string> order_;  // insertion order, oldest first, for eviction
};

}  // namespace tender::connectors::sandbox
