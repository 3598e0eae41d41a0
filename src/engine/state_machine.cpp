#include "engine/state_machine.hpp"

#include <bit>
#include <cstdint>

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
constexpr StatusSet kPaidLike = any(S::paid, S::cleared, S::settled, S::refunded);

struct Rule {
  O op;
  StatusSet from;
  S to;
  std::string_view event_type;
};

// THE table. Anything not listed is refused.
constexpr Rule kRules[] = {
    {O::send,                   any(S::created),                                  S::sent,            "purchase.sent"},
    {O::view,                   any(S::created, S::sent),                         S::viewed,          "purchase.viewed"},
    {O::execute_pending,        kPayable,                                         S::pending_execute, "purchase.pending_execute"},
    {O::execute_succeed,        kPayable | bit(S::pending_execute),               S::paid,            "purchase.paid"},
    {O::hold_succeed,           kPayable | bit(S::pending_execute),               S::hold,            "purchase.hold"},
    {O::preauthorize_succeed,   kPayable | bit(S::pending_execute),               S::preauthorized,   "purchase.preauthorized"},
    {O::execute_fail,           kPayable | bit(S::pending_execute),               S::error,           "purchase.payment_failure"},
    {O::execute_block,          kPayable | bit(S::pending_execute),               S::blocked,         "purchase.payment_failure"},
    {O::cancel,                 kPayable,                                         S::cancelled,       "purchase.cancelled"},
    {O::become_overdue,         any(S::created, S::sent, S::viewed, S::error),    S::overdue,         "purchase.overdue"},
    {O::expire,                 kPayable,                                         S::expired,         "purchase.expired"},
    {O::capture_pending,        any(S::hold),                                     S::pending_capture, "purchase.pending_capture"},
    {O::capture_succeed,        any(S::hold, S::pending_capture),                 S::paid,            "purchase.captured"},
    {O::capture_fail,           any(S::pending_capture),                          S::hold,            "purchase.capture_failure"},
    {O::release_pending,        any(S::hold),                                     S::pending_release, "purchase.pending_release"},
    {O::release_succeed,        any(S::hold, S::pending_release),                 S::released,        "purchase.released"},
    {O::release_fail,           any(S::pending_release),                          S::hold,            "purchase.release_failure"},
    {O::hold_expire,            any(S::hold),                                     S::released,        "purchase.released"},
    {O::charge_pending,         kPayable,                                         S::pending_charge,  "purchase.pending_charge"},
    {O::charge_succeed,         kPayable | bit(S::pending_charge),                S::paid,            "purchase.paid"},
    {O::charge_fail,            kPayable | bit(S::pending_charge),                S::error,           "purchase.subscription_charge_failure"},
    {O::refund_pending,         kPaidLike,                                        S::pending_refund,  "purchase.pending_refund"},
    {O::refund_succeed,         kPaidLike | bit(S::pending_refund),               S::refunded,        "payment.refunded"},
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

bool is_payable(Status status) { return (kPayable & bit(status)) != 0; }

bool is_final(Status status) { return (kFinal & bit(status)) != 0; }

}  // namespace tender::engine
