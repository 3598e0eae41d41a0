#include <gtest/gtest.h>

#include <map>
#include <queue>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "engine/intent.hpp"
#include "engine/state_machine.hpp"
#include "engine/status.hpp"

namespace tender::engine {
namespace {

// The expected machine, written out independently of state_machine.cpp and in
// strings, so it also checks the names: operation, source statuses, target, event.
struct Expected {
  const char* op;
  const char* from;
  const char* to;
  const char* event;
};

#define PAYABLE "created sent viewed overdue error"

const Expected kExpected[] = {
    {"send", "created", "sent", "purchase.sent"},
    {"view", "created sent", "viewed", "purchase.viewed"},
    {"execute_pending", PAYABLE, "pending_execute", "purchase.pending_execute"},
    {"execute_succeed", PAYABLE " pending_execute", "paid", "purchase.paid"},
    {"hold_succeed", PAYABLE " pending_execute", "hold", "purchase.hold"},
    {"preauthorize_succeed", PAYABLE " pending_execute", "preauthorized", "purchase.preauthorized"},
    {"execute_fail", PAYABLE " pending_execute", "error", "purchase.payment_failure"},
    {"execute_block", PAYABLE " pending_execute", "blocked", "purchase.payment_failure"},
    {"cancel", PAYABLE, "cancelled", "purchase.cancelled"},
    {"become_overdue", "created sent viewed error", "overdue", "purchase.overdue"},
    {"expire", "created sent viewed overdue error", "expired", "purchase.expired"},
    {"capture_pending", "hold", "pending_capture", "purchase.pending_capture"},
    {"capture_succeed", "hold pending_capture", "paid", "purchase.captured"},
    {"capture_fail", "pending_capture", "hold", "purchase.capture_failure"},
    {"release_pending", "hold", "pending_release", "purchase.pending_release"},
    {"release_succeed", "hold pending_release", "released", "purchase.released"},
    {"release_fail", "pending_release", "hold", "purchase.release_failure"},
    {"hold_expire", "hold", "released", "purchase.released"},
    {"charge_pending", PAYABLE, "pending_charge", "purchase.pending_charge"},
    {"charge_succeed", PAYABLE " pending_charge", "paid", "purchase.paid"},
    {"charge_fail", PAYABLE " pending_charge", "error", "purchase.subscription_charge_failure"},
    {"charge_fail_invoice", "created pending_charge", "sent", "purchase.subscription_charge_failure"},
    {"refund_pending", "paid cleared settled refunded", "pending_refund", "purchase.pending_refund"},
    {"refund_succeed", "paid cleared settled refunded pending_refund", "refunded", "payment.refunded"},
    {"refund_fail", "pending_refund", "refunded", "purchase.refund_failure"},
    {"refund_fail_unrefunded", "pending_refund", "paid", "purchase.refund_failure"},
    {"mark_as_paid", PAYABLE " expired", "paid", "purchase.marked_as_paid"},
    {"clear", "paid", "cleared", "purchase.cleared"},
    {"settle", "cleared", "settled", "purchase.settled"},
    {"chargeback", "paid cleared settled", "chargeback", "purchase.chargeback"},
};

#undef PAYABLE

using Key = std::pair<std::string, std::string>;  // (from, op)
using Outcome = std::pair<std::string, std::string>;  // (to, event)

std::map<Key, Outcome> expected_moves() {
  std::map<Key, Outcome> moves;
  for (const Expected& e : kExpected) {
    std::istringstream from(e.from);
    for (std::string status; from >> status;) {
      bool fresh = moves.emplace(Key{status, e.op}, Outcome{e.to, e.event}).second;
      EXPECT_TRUE(fresh) << "test table lists " << status << " x " << e.op << " twice";
    }
  }
  return moves;
}

TEST(Status, ExactlyTwentyOneInDeclarationOrder) {
  ASSERT_EQ(kAllStatuses.size(), 21u);
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kAllStatuses[i]), i);
  }
  const char* names[] = {"created", "sent", "viewed", "error", "cancelled", "overdue", "expired",
                         "blocked", "hold", "released", "pending_release", "pending_capture",
                         "preauthorized", "paid", "pending_execute", "pending_charge", "cleared",
                         "settled", "chargeback", "pending_refund", "refunded"};
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kAllStatuses[i]), names[i]);
  }
}

TEST(Status, StringsRoundTrip) {
  std::set<std::string_view> seen;
  for (Status s : kAllStatuses) {
    EXPECT_TRUE(seen.insert(to_string(s)).second);
    std::optional<Status> back = status_from_string(to_string(s));
    ASSERT_TRUE(back.has_value()) << to_string(s);
    EXPECT_EQ(*back, s);
  }
  for (const char* bad : {"", "PAID", "Paid", " paid", "paid ", "unknown", "pending"}) {
    EXPECT_FALSE(status_from_string(bad).has_value()) << bad;
  }
}

TEST(Operation, AllListedWithDistinctNames) {
  ASSERT_EQ(kAllOperations.size(), 30u);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kAllOperations.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kAllOperations[i]), i);
    EXPECT_FALSE(to_string(kAllOperations[i]).empty());
    EXPECT_TRUE(names.insert(to_string(kAllOperations[i])).second) << to_string(kAllOperations[i]);
  }
  std::set<std::string_view> expected_ops;
  for (const Expected& e : kExpected) expected_ops.insert(e.op);
  EXPECT_EQ(names, expected_ops);  // every operation has at least one move, none is unnamed
}

// The heart of it: all 21 x 30 pairs against the independent expectation.
TEST(StateMachine, EveryPairAllowedOrRefusedAsSpecified) {
  std::map<Key, Outcome> expected = expected_moves();
  std::size_t allowed = 0;
  for (Status from : kAllStatuses) {
    for (Operation op : kAllOperations) {
      std::string f(to_string(from)), o(to_string(op));
      std::optional<Transition> t = transition(from, op);
      auto it = expected.find({f, o});
      if (it == expected.end()) {
        EXPECT_FALSE(t.has_value()) << f << " x " << o << " should be refused, goes to "
                                    << to_string(t->to);
        continue;
      }
      ++allowed;
      ASSERT_TRUE(t.has_value()) << f << " x " << o << " should go to " << it->second.first;
      EXPECT_EQ(t->from, from);
      EXPECT_EQ(t->op, op);
      EXPECT_EQ(to_string(t->to), it->second.first) << f << " x " << o;
      EXPECT_EQ(t->event_type, it->second.second) << f << " x " << o;
    }
  }
  EXPECT_EQ(allowed, expected.size());  // every expected pair used real names
}

TEST(StateMachine, TableListsEachAllowedPairOnce) {
  std::map<Key, Outcome> expected = expected_moves();
  ASSERT_EQ(transition_table().size(), expected.size());
  std::set<Key> seen;
  for (const Transition& t : transition_table()) {
    Key key{std::string(to_string(t.from)), std::string(to_string(t.op))};
    EXPECT_TRUE(seen.insert(key).second) << key.first << " x " << key.second;
    std::optional<Transition> looked_up = transition(t.from, t.op);
    ASSERT_TRUE(looked_up.has_value());
    EXPECT_EQ(looked_up->to, t.to);
    EXPECT_EQ(looked_up->event_type, t.event_type);
  }
}

TEST(StateMachine, EventNamesAreWellFormed) {
  for (const Transition& t : transition_table()) {
    EXPECT_FALSE(t.event_type.empty());
    bool prefixed = t.event_type.starts_with("purchase.") || t.event_type.starts_with("payment.");
    EXPECT_TRUE(prefixed) << t.event_type;
  }
}

TEST(StateMachine, EveryStatusIsReachableFromCreated) {
  std::set<Status> seen = {Status::created};
  std::queue<Status> todo;
  todo.push(Status::created);
  while (!todo.empty()) {
    Status s = todo.front();
    todo.pop();
    for (const Transition& t : transition_table()) {
      if (t.from == s && seen.insert(t.to).second) todo.push(t.to);
    }
  }
  for (Status s : kAllStatuses) EXPECT_TRUE(seen.count(s)) << to_string(s) << " is unreachable";
}

TEST(StateMachine, Payable) {
  const std::set<Status> payable = {Status::created, Status::sent, Status::viewed, Status::overdue,
                                    Status::error};
  for (Status s : kAllStatuses) EXPECT_EQ(is_payable(s), payable.count(s) == 1) << to_string(s);
}

TEST(StateMachine, FinalStatusesLeaveOnlyByAfterSaleOperations) {
  // Expected way out of each final status, as "op" names.
  const std::map<Status, std::set<std::string>> exits = {
      {Status::cancelled, {}},
      {Status::expired, {"mark_as_paid"}},
      {Status::blocked, {}},
      {Status::released, {}},
      {Status::preauthorized, {}},
      {Status::paid, {"refund_pending", "refund_succeed", "clear", "chargeback"}},
      {Status::cleared, {"refund_pending", "refund_succeed", "settle", "chargeback"}},
      {Status::settled, {"refund_pending", "refund_succeed", "chargeback"}},
      {Status::chargeback, {}},
      {Status::refunded, {"refund_pending", "refund_succeed"}},
  };
  for (Status s : kAllStatuses) {
    auto it = exits.find(s);
    EXPECT_EQ(is_final(s), it != exits.end()) << to_string(s);
    if (it == exits.end()) continue;
    std::set<std::string> actual;
    for (Operation op : kAllOperations) {
      if (transition(s, op)) actual.insert(std::string(to_string(op)));
    }
    EXPECT_EQ(actual, it->second) << to_string(s);
  }
}

TEST(StateMachine, EveryNonFinalStatusHasAWayOut) {
  for (Status s : kAllStatuses) {
    if (is_final(s)) continue;
    bool has_exit = false;
    for (Operation op : kAllOperations) has_exit = has_exit || transition(s, op).has_value();
    EXPECT_TRUE(has_exit) << to_string(s) << " would be a dead end";
  }
}

TEST(StateMachine, RefundFailureLandsByHistory) {
  // The two failure operations differ only in where they land.
  auto earlier_refund = transition(Status::pending_refund, Operation::refund_fail);
  auto first_refund = transition(Status::pending_refund, Operation::refund_fail_unrefunded);
  ASSERT_TRUE(earlier_refund && first_refund);
  EXPECT_EQ(earlier_refund->to, Status::refunded);
  EXPECT_EQ(first_refund->to, Status::paid);
  EXPECT_EQ(earlier_refund->event_type, first_refund->event_type);
}

// The derived predicates (state_machine.hpp), each checked against the table itself and against
// the statuses written out here.

std::set<Status> statuses(std::initializer_list<Status> list) { return std::set<Status>(list); }

std::set<Status> where(bool (*predicate)(Status)) {
  std::set<Status> out;
  for (Status s : kAllStatuses)
    if (predicate(s)) out.insert(s);
  return out;
}

// The statuses the table lets `op` start from.
std::set<Status> sources_of(Operation op) {
  std::set<Status> out;
  for (const Transition& t : transition_table())
    if (t.op == op) out.insert(t.from);
  return out;
}

std::set<Status> targets_of(std::initializer_list<Operation> ops) {
  std::set<Status> out;
  for (const Transition& t : transition_table())
    for (Operation op : ops)
      if (t.op == op) out.insert(t.to);
  return out;
}

TEST(EngineStateMachine, OperationPredicatesAreTheTablesSources) {
  EXPECT_EQ(where(is_payable), sources_of(Operation::execute_pending));
  EXPECT_EQ(where(is_capturable), sources_of(Operation::capture_pending));
  EXPECT_EQ(where(is_releasable), sources_of(Operation::release_pending));
  EXPECT_EQ(where(is_refundable), sources_of(Operation::refund_pending));
  EXPECT_EQ(where(is_chargeable), sources_of(Operation::charge_pending));

  EXPECT_EQ(where(is_capturable), statuses({Status::hold}));
  EXPECT_EQ(where(is_releasable), statuses({Status::hold}));
  EXPECT_EQ(where(is_refundable), statuses({Status::paid, Status::cleared, Status::settled, Status::refunded}));
  EXPECT_EQ(where(is_chargeable), where(is_payable));
  for (Status s : kAllStatuses)
    for (Operation op : kAllOperations) EXPECT_EQ(allows(s, op), transition(s, op).has_value());
}

TEST(EngineStateMachine, PaidLikeIsEverythingReachableFromASuccessfulPayment) {
  std::set<Status> reached = targets_of({Operation::execute_succeed, Operation::hold_succeed,
                                         Operation::preauthorize_succeed, Operation::charge_succeed,
                                         Operation::mark_as_paid});
  EXPECT_EQ(where(is_payment_success), reached);
  EXPECT_EQ(reached, statuses({Status::paid, Status::hold, Status::preauthorized}));
  for (bool grew = true; grew;) {
    grew = false;
    for (const Transition& t : transition_table())
      if (reached.count(t.from) && reached.insert(t.to).second) grew = true;
  }
  EXPECT_EQ(where(is_paid_like), reached);
  EXPECT_EQ(where(is_paid_like),
            statuses({Status::hold, Status::released, Status::pending_release, Status::pending_capture,
                      Status::preauthorized, Status::paid, Status::cleared, Status::settled, Status::chargeback,
                      Status::pending_refund, Status::refunded}));
  for (Status s : kAllStatuses) EXPECT_FALSE(is_paid_like(s) && is_payable(s)) << to_string(s);
}

TEST(EngineStateMachine, InFlightIsThePendingStatuses) {
  const std::set<Status> pending = {Status::pending_execute, Status::pending_capture, Status::pending_release,
                                    Status::pending_charge, Status::pending_refund};
  EXPECT_EQ(where(is_in_flight), pending);
  EXPECT_EQ(where(is_in_flight),
            targets_of({Operation::execute_pending, Operation::capture_pending, Operation::release_pending,
                        Operation::charge_pending, Operation::refund_pending}));
  EXPECT_EQ(where(is_payment_in_flight), statuses({Status::pending_execute, Status::pending_charge}));
  for (Status s : kAllStatuses) {
    EXPECT_FALSE(is_in_flight(s) && is_final(s)) << to_string(s);
    EXPECT_EQ(is_in_flight(s), abandon_operation(s, false).has_value()) << to_string(s);
  }
}

TEST(EngineStateMachine, AbandoningEachPendingStatusGoesBackWhereItCameFrom) {
  struct Case {
    Status pending;
    bool earlier_refund;
    Operation abandon;
    Status back_to;
  };
  const Case cases[] = {
      {Status::pending_execute, false, Operation::execute_fail, Status::error},
      {Status::pending_capture, false, Operation::capture_fail, Status::hold},
      {Status::pending_release, false, Operation::release_fail, Status::hold},
      {Status::pending_charge, false, Operation::charge_fail, Status::error},
      {Status::pending_refund, false, Operation::refund_fail_unrefunded, Status::paid},
      {Status::pending_refund, true, Operation::refund_fail, Status::refunded},
  };
  for (const Case& c : cases) {
    auto op = abandon_operation(c.pending, c.earlier_refund);
    ASSERT_TRUE(op.has_value()) << to_string(c.pending);
    EXPECT_EQ(*op, c.abandon) << to_string(c.pending);
    auto t = transition(c.pending, *op);
    ASSERT_TRUE(t.has_value()) << to_string(c.pending) << " x " << to_string(*op);
    EXPECT_EQ(t->to, c.back_to) << to_string(c.pending);
  }
  for (Status s : kAllStatuses) {
    if (is_in_flight(s)) continue;
    EXPECT_FALSE(abandon_operation(s, false).has_value()) << to_string(s);
    EXPECT_FALSE(abandon_operation(s, true).has_value()) << to_string(s);
  }
}

TEST(EngineStateMachine, SlowOperationEntersThePendingStatusOfItsIntent) {
  const std::pair<PendingOperation, Status> cases[] = {
      {PendingOperation::execute, Status::pending_execute}, {PendingOperation::capture, Status::pending_capture},
      {PendingOperation::release, Status::pending_release}, {PendingOperation::refund, Status::pending_refund},
      {PendingOperation::charge, Status::pending_charge},
  };
  const std::map<PendingOperation, Status> from = {
      {PendingOperation::execute, Status::created}, {PendingOperation::capture, Status::hold},
      {PendingOperation::release, Status::hold},    {PendingOperation::refund, Status::paid},
      {PendingOperation::charge, Status::created},
  };
  for (const auto& [intent, pending] : cases) {
    Operation op = slow_operation(intent);
    auto t = transition(from.at(intent), op);
    ASSERT_TRUE(t.has_value()) << to_string(op);
    EXPECT_EQ(t->to, pending) << to_string(op);
    EXPECT_TRUE(is_in_flight(t->to));
    EXPECT_FALSE(allows(pending, op)) << "a pending status is entered once";
  }
}

TEST(EngineStateMachine, PendingOperationNamesRoundTrip) {
  const std::pair<PendingOperation, std::string_view> names[] = {
      {PendingOperation::none, ""},         {PendingOperation::execute, "execute"},
      {PendingOperation::capture, "capture"}, {PendingOperation::release, "release"},
      {PendingOperation::refund, "refund"},   {PendingOperation::charge, "recurring_execute"},
  };
  for (const auto& [op, name] : names) {
    EXPECT_EQ(to_string(op), name);
    EXPECT_EQ(pending_operation_from_string(name), op);
  }
  EXPECT_FALSE(pending_operation_from_string("charge").has_value());
}

}  // namespace
}  // namespace tender::engine
