#pragma once
// Which operation may move a purchase from which status to which, and the
// webhook event each move emits. The whole table is in state_machine.cpp.

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "engine/status.hpp"

namespace tender::engine {

enum class Operation {
  // Invoice delivery.
  send, view,
  // A payment attempt and its outcomes.
  execute_pending, execute_succeed, hold_succeed, preauthorize_succeed, execute_fail, execute_block,
  // An unpaid purchase running out.
  cancel, become_overdue, expire,
  // Settling a hold, or giving it back.
  capture_pending, capture_succeed, capture_fail,
  release_pending, release_succeed, release_fail, hold_expire,
  // A recurring charge with a saved card token.
  charge_pending, charge_succeed, charge_fail,
  // Refunds, full or partial; see transition() for the two failure operations.
  refund_pending, refund_succeed, refund_fail, refund_fail_unrefunded,
  // Merchant and acquirer after-sale.
  mark_as_paid, clear, settle, chargeback,
};

inline constexpr std::array<Operation, 29> kAllOperations = {
    Operation::send,                    Operation::view,                    Operation::execute_pending,
    Operation::execute_succeed,         Operation::hold_succeed,            Operation::preauthorize_succeed,
    Operation::execute_fail,            Operation::execute_block,           Operation::cancel,
    Operation::become_overdue,          Operation::expire,                  Operation::capture_pending,
    Operation::capture_succeed,         Operation::capture_fail,            Operation::release_pending,
    Operation::release_succeed,         Operation::release_fail,            Operation::hold_expire,
    Operation::charge_pending,          Operation::charge_succeed,          Operation::charge_fail,
    Operation::refund_pending,          Operation::refund_succeed,          Operation::refund_fail,
    Operation::refund_fail_unrefunded,  Operation::mark_as_paid,            Operation::clear,
    Operation::settle,                  Operation::chargeback,
};

// Snake-case name, identical to the enumerator: "execute_pending".
std::string_view to_string(Operation op);

struct Transition {
  Status from;
  Operation op;
  Status to;
  std::string_view event_type;  // webhook event, e.g. "purchase.paid"
};

// The move `op` makes from `from`, or nullopt if the operation is refused there.
// A failed refund has two operations because where it lands depends on history the
// table cannot see: refund_fail (back to refunded) when an earlier refund of this
// purchase succeeded, refund_fail_unrefunded (back to paid) when none did. The
// engine chooses between them.
std::optional<Transition> transition(Status from, Operation op);

// Every allowed (from, op) pair, one row each, grouped by operation.
std::span<const Transition> transition_table();

// A payment attempt may start: created, sent, viewed, overdue, error.
bool is_payable(Status status);

// No payment attempt can start and nothing is in flight or on hold: cancelled, expired,
// blocked, released, preauthorized, paid, cleared, settled, chargeback, refunded.
// Only after-sale operations leave a final status: mark_as_paid (expired), clear,
// settle, chargeback and refunds (paid, cleared, settled, refunded).
bool is_final(Status status);

}  // namespace tender::engine
