#pragma once
// Which operation may move a purchase from which status to which, and the
// webhook event each move emits. The whole table is in state_machine.cpp.

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "engine/intent.hpp"
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
  charge_pending, charge_succeed, charge_fail, charge_fail_invoice,
  // Refunds, full or partial; see transition() for the two failure operations.
  refund_pending, refund_succeed, refund_fail, refund_fail_unrefunded,
  // Merchant and acquirer after-sale.
  mark_as_paid, clear, settle, chargeback,
};

inline constexpr std::array<Operation, 30> kAllOperations = {
    Operation::send,                     Operation::view,                     Operation::execute_pending,
    Operation::execute_succeed,          Operation::hold_succeed,             Operation::preauthorize_succeed,
    Operation::execute_fail,             Operation::execute_block,            Operation::cancel,
    Operation::become_overdue,           Operation::expire,                   Operation::capture_pending,
    Operation::capture_succeed,          Operation::capture_fail,             Operation::release_pending,
    Operation::release_succeed,          Operation::release_fail,             Operation::hold_expire,
    Operation::charge_pending,           Operation::charge_succeed,           Operation::charge_fail,
    Operation::charge_fail_invoice,      Operation::refund_pending,           Operation::refund_succeed,
    Operation::refund_fail,              Operation::refund_fail_unrefunded,   Operation::mark_as_paid,
    Operation::clear,                    Operation::settle,                   Operation::chargeback,
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

// Every rule about statuses lives in this table: the predicates below are derived from it (at
// compile time), so no other code compares statuses to decide what may happen.

// Whether the table has a row for (from, op).
bool allows(Status from, Operation op);

// A payment attempt may start (execute_pending is allowed): created, sent, viewed, overdue, error.
bool is_payable(Status status);

// A payment reached this status or one before it: targets of the succeeding payment operations
// and of mark_as_paid, and everything reachable from them (hold, paid, refunded, released...).
bool is_paid_like(Status status);

// An operation is at the acquirer: the pending_* statuses (rows with an abandon column).
bool is_in_flight(Status status);
// A payer's payment is at the acquirer: the targets of execute_pending and charge_pending.
bool is_payment_in_flight(Status status);
// The statuses a successful payment lands in: targets of the succeeding payment operations and
// of mark_as_paid (paid, hold, preauthorized).
bool is_payment_success(Status status);
// A payment attempt failed: the targets of execute_fail, execute_block and charge_fail.
bool is_payment_failure(Status status);
// Money is held for the purchase: capture may start, or a capture or release is in flight.
bool is_hold_open(Status status);

// Capture, release, refund and recurring charge may start (their *_pending is allowed).
bool is_capturable(Status status);
bool is_releasable(Status status);
bool is_refundable(Status status);
bool is_chargeable(Status status);

// The operation that leaves a pending_* status when its intent ends without approval; nullopt when
// `status` is not a pending one. `earlier_refund`: an earlier refund of the purchase succeeded
// (a failed refund then returns to refunded rather than paid).
std::optional<Operation> abandon_operation(Status status, bool earlier_refund);

// The operation that records an open intent as slow (its pending_* status).
Operation slow_operation(PendingOperation op);

// No payment attempt can start and nothing is in flight or on hold: cancelled, expired,
// blocked, released, preauthorized, paid, cleared, settled, chargeback, refunded.
// Only after-sale operations leave a final status: mark_as_paid (expired), clear,
// settle, chargeback and refunds (paid, cleared, settled, refunded).
bool is_final(Status status);

}  // namespace tender::engine
