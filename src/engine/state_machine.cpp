#include "engine/state_machine.hpp"

#include <bit>
#include <cstdint>

#include "util/invariant.hpp"

namespace tender::engine {
namespace {

using S = Status;
using O = Operation;

// A set of statuses as a bit mask, so each rule below fits on one line.
using StatusSet = std::uint32_t;
constexpr StatusSet bit(S s) { return StatusSet{1} << static_cast<unsigned>(s); }
template <class... T>
constexpr StatusSet any(T... s) { return (bit(s) | ...); }

constexpr StatusSet kPayable = any(S::created, S::sent, S::viewed, S::overdue, S::error);
constexpr StatusSet kRefundable = any(S::paid, S::cleared, S::settled, S::refunded);

struct Rule {
  O op;
  StatusSet from;
  S to;
  std::string_view event_type;
  // Only on rows that enter a pending_* status: the operation that leaves it again when the
  // intent ends without approval (declined, or abandoned after a crash with no known outcome).
  std::optional<O> abandon = std::nullopt;
};

// THE table. Anything not listed is refused.
constexpr Rule kRules[] = {
    {O::send,                   any(S::created),                                  S::sent,            "purchase.sent"},
    {O::view,                   any(S::created, S::sent),                         S::viewed,          "purchase.viewed"},
    {O::execute_pending,        kPayable,                                         S::pending_execute, "purchase.pending_execute", O::execute_fail},
    {O::execute_succeed,        kPayable | bit(S::pending_execute),               S::paid,            "purchase.paid"},
    {O::hold_succeed,           kPayable | bit(S::pending_execute),               S::hold,            "purchase.hold"},
    {O::preauthorize_succeed,   kPayable | bit(S::pending_execute),               S::preauthorized,   "purchase.preauthorized"},
    {O::execute_fail,           kPayable | bit(S::pending_execute),               S::error,           "purchase.payment_failure"},
    {O::execute_block,          kPayable | bit(S::pending_execute),               S::blocked,         "purchase.payment_failure"},
    {O::cancel,                 kPayable,                                         S::cancelled,       "purchase.cancelled"},
    {O::become_overdue,         any(S::created, S::sent, S::viewed, S::error),    S::overdue,         "purchase.overdue"},
    {O::expire,                 kPayable,                                         S::expired,         "purchase.expired"},
    {O::capture_pending,        any(S::hold),                                     S::pending_capture, "purchase.pending_capture", O::capture_fail},
    {O::capture_succeed,        any(S::hold, S::pending_capture),                 S::paid,            "purchase.captured"},
    {O::capture_fail,           any(S::pending_capture),                          S::hold,            "purchase.capture_failure"},
    {O::release_pending,        any(S::hold),                                     S::pending_release, "purchase.pending_release", O::release_fail},
    {O::release_succeed,        any(S::hold, S::pending_release),                 S::released,        "purchase.released"},
    {O::release_fail,           any(S::pending_release),                          S::hold,            "purchase.release_failure"},
    {O::hold_expire,            any(S::hold),                                     S::released,        "purchase.released"},
    {O::charge_pending,         kPayable,                                         S::pending_charge,  "purchase.pending_charge", O::charge_fail},
    {O::charge_succeed,         kPayable | bit(S::pending_charge),                S::paid,            "purchase.paid"},
    {O::charge_fail,            kPayable | bit(S::pending_charge),                S::error,           "purchase.subscription_charge_failure"},
    // A subscription's renewal declined: the purchase becomes an invoice the subscriber pays by hand.
    {O::charge_fail_invoice,    any(S::created, S::pending_charge),               S::sent,            "purchase.subscription_charge_failure"},
    {O::refund_pending,         kRefundable,                                        S::pending_refund,  "purchase.pending_refund", O::refund_fail_unrefunded},
    {O::refund_succeed,         kRefundable | bit(S::pending_refund),               S::refunded,        "payment.refunded"},
    {O::refund_fail,            any(S::pending_refund),                           S::refunded,        "purchase.refund_failure"},
    {O::refund_fail_unrefunded, any(S::pending_refund),                           S::paid,            "purchase.refund_failure"},
    {O::mark_as_paid,           kPayable | bit(S::expired),                       S::paid,            "purchase.marked_as_paid"},
    {O::clear,                  any(S::paid),                                     S::cleared,         "purchase.cleared"},
    {O::settle,                 any(S::cleared),                                  S::settled,         "purchase.settled"},
    {O::chargeback,             any(S::paid, S::cleared, S::settled),             S::chargeback,      "purchase.chargeback"},
};

// The rules expanded to one Transition per source status, at compile time.
constexpr std::size_t kTransitionCount = [] {
  std::size_t n = 0;
  for (const Rule& r : kRules) n += static_cast<std::size_t>(std::popcount(r.from));
  return n;
}();

constexpr std::array<Transition, kTransitionCount> kTable = [] {
  std::array<Transition, kTransitionCount> table{};
  std::size_t n = 0;
  for (const Rule& r : kRules) {
    for (S s : kAllStatuses) {
      if (r.from & bit(s)) table[n++] = Transition{s, r.op, r.to, r.event_type};
    }
  }
  return table;
}();

constexpr bool each_pair_once() {
  for (std::size_t i = 0; i < kTable.size(); ++i) {
    for (std::size_t j = i + 1; j < kTable.size(); ++j) {
      if (kTable[i].from == kTable[j].from && kTable[i].op == kTable[j].op) return false;
    }
  }
  return true;
}
static_assert(each_pair_once(), "an operation must lead to one status from any given status");

constexpr StatusSet kFinal = any(S::cancelled, S::expired, S::blocked, S::released, S::preauthorized,
                                 S::paid, S::cleared, S::settled, S::chargeback, S::refunded);

// The statuses from which `op` is allowed: the union of its rows.
constexpr StatusSet from_set(O op) {
  StatusSet set = 0;
  for (const Rule& r : kRules)
    if (r.op == op) set |= r.from;
  return set;
}

constexpr StatusSet to_set(O op) {
  StatusSet set = 0;
  for (const Rule& r : kRules)
    if (r.op == op) set |= bit(r.to);
  return set;
}

// Statuses a payment reached: the targets of the operations by which money is authorized, and
// everything reachable from them.
constexpr StatusSet paid_closure() {
  StatusSet set = to_set(O::execute_succeed) | to_set(O::hold_succeed) | to_set(O::preauthorize_succeed) |
                  to_set(O::charge_succeed) | to_set(O::mark_as_paid);
  for (bool grew = true; grew;) {
    grew = false;
    for (const Rule& r : kRules) {
      if ((r.from & set) && !(set & bit(r.to))) {
        set |= bit(r.to);
        grew = true;
      }
    }
  }
  return set;
}

// The pending_* statuses: targets of the rows with an abandon column.
constexpr StatusSet in_flight_set() {
  StatusSet set = 0;
  for (const Rule& r : kRules)
    if (r.abandon) set |= bit(r.to);
  return set;
}

constexpr StatusSet kPaidLike = paid_closure();
constexpr StatusSet kInFlight = in_flight_set();
static_assert(kPayable == from_set(O::execute_pending), "payable means a payment attempt may start");
static_assert((kPaidLike & kPayable) == 0, "a paid purchase is never payable again");
static_assert((kInFlight & kFinal) == 0, "an operation in flight is never final");

}  // namespace

std::string_view to_string(Operation op) {
  switch (op) {
    case O::send: return "send";
    case O::view: return "view";
    case O::execute_pending: return "execute_pending";
    case O::execute_succeed: return "execute_succeed";
    case O::hold_succeed: return "hold_succeed";
    case O::preauthorize_succeed: return "preauthorize_succeed";
    case O::execute_fail: return "execute_fail";
    case O::execute_block: return "execute_block";
    case O::cancel: return "cancel";
    case O::become_overdue: return "become_overdue";
    case O::expire: return "expire";
    case O::capture_pending: return "capture_pending";
    case O::capture_succeed: return "capture_succeed";
    case O::capture_fail: return "capture_fail";
    case O::release_pending: return "release_pending";
    case O::release_succeed: return "release_succeed";
    case O::release_fail: return "release_fail";
    case O::hold_expire: return "hold_expire";
    case O::charge_pending: return "charge_pending";
    case O::charge_succeed: return "charge_succeed";
    case O::charge_fail: return "charge_fail";
    case O::charge_fail_invoice: return "charge_fail_invoice";
    case O::refund_pending: return "refund_pending";
    case O::refund_succeed: return "refund_succeed";
    case O::refund_fail: return "refund_fail";
    case O::refund_fail_unrefunded: return "refund_fail_unrefunded";
    case O::mark_as_paid: return "mark_as_paid";
    case O::clear: return "clear";
    case O::settle: return "settle";
    case O::chargeback: return "chargeback";
  }
  return "unknown";
}

std::optional<Transition> transition(Status from, Operation op) {
  for (const Transition& t : kTable) {
    if (t.from == from && t.op == op) return t;
  }
  return std::nullopt;
}

std::span<const Transition> transition_table() { return kTable; }

bool allows(Status from, Operation op) { return transition(from, op).has_value(); }

bool is_payable(Status status) { return (kPayable & bit(status)) != 0; }

bool is_paid_like(Status status) { return (kPaidLike & bit(status)) != 0; }

bool is_in_flight(Status status) { return (kInFlight & bit(status)) != 0; }

bool is_payment_in_flight(Status status) {
  return ((to_set(O::execute_pending) | to_set(O::charge_pending)) & bit(status)) != 0;
}

bool is_payment_success(Status status) {
  constexpr StatusSet kSuccess = to_set(O::execute_succeed) | to_set(O::hold_succeed) | to_set(O::preauthorize_succeed) |
                                 to_set(O::charge_succeed) | to_set(O::mark_as_paid);
  return (kSuccess & bit(status)) != 0;
}

bool is_payment_failure(Status status) {
  constexpr StatusSet kFailure = to_set(O::execute_fail) | to_set(O::execute_block) | to_set(O::charge_fail);
  return (kFailure & bit(status)) != 0;
}

bool is_hold_open(Status status) {
  constexpr StatusSet kHeld = from_set(O::capture_pending) | to_set(O::capture_pending) | to_set(O::release_pending);
  return (kHeld & bit(status)) != 0;
}

bool is_capturable(Status status) { return (from_set(O::capture_pending) & bit(status)) != 0; }

bool is_releasable(Status status) { return (from_set(O::release_pending) & bit(status)) != 0; }

bool is_refundable(Status status) { return (from_set(O::refund_pending) & bit(status)) != 0; }

bool is_chargeable(Status status) { return (from_set(O::charge_pending) & bit(status)) != 0; }

std::optional<Operation> abandon_operation(Status status, bool earlier_refund) {
  for (const Rule& r : kRules) {
    if (!r.abandon || r.to != status) continue;
    // A failed refund returns to `refunded` only when an earlier refund of the purchase succeeded.
    if (*r.abandon == O::refund_fail_unrefunded && earlier_refund) return O::refund_fail;
    return r.abandon;
  }
  return std::nullopt;
}

Operation slow_operation(PendingOperation op) {
  switch (op) {
    case PendingOperation::execute: return O::execute_pending;
    case PendingOperation::capture: return O::capture_pending;
    case PendingOperation::release: return O::release_pending;
    case PendingOperation::refund: return O::refund_pending;
    case PendingOperation::charge: return O::charge_pending;
    case PendingOperation::none: break;
  }
  TENDER_ASSERT(false, "slow_operation_of_open_intent", "no pending status for an intent that is not open");
}

bool is_final(Status status) { return (kFinal & bit(status)) != 0; }

}  // namespace tender::engine
