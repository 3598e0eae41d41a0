#include "sim_acquirer.hpp"

#include <chrono>
#include <stdexcept>

#include "connectors/sandbox/test_cards.hpp"

namespace tender::sim {

using connectors::Outcome;
using connectors::StatusAnswer;

const char* to_string(NetFault fault) {
  switch (fault) {
    case NetFault::none: return "none";
    case NetFault::timeout: return "timeout";
    case NetFault::lost_answer: return "lost_answer";
    case NetFault::slow: return "slow";
    case NetFault::pending: return "pending";
    case NetFault::decline: return "decline";
    case NetFault::disagree: return "disagree";
  }
  return "?";
}

namespace {
// No real sleeps: the timeout card's slowness is played by NetFault::slow.
connectors::sandbox::SandboxOptions sandbox_options() {
  connectors::sandbox::SandboxOptions o;
  o.delay_ms = 0;
  o.timeout_card_delay_ms = 0;
  return o;
}
}  // namespace

SimAcquirer::SimAcquirer(const engine::Clock& clock) : sandbox_(clock, sandbox_options()) {}

void SimAcquirer::set_gate(Gate gate) {
  std::lock_guard lock(mutex_);
  gate_ = gate;
  released_.notify_all();
}

bool SimAcquirer::received(const std::string& operation_id) const {
  std::lock_guard lock(mutex_);
  return arrived_.count(operation_id) != 0;
}

bool SimAcquirer::await_operation(const std::string& operation_id, int timeout_ms) {
  std::unique_lock lock(mutex_);
  return released_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                            [&] { return arrived_.count(operation_id) != 0; });
}

std::size_t SimAcquirer::held() const {
  std::lock_guard lock(mutex_);
  return held_;
}

void SimAcquirer::settle_pending() {
  std::lock_guard lock(mutex_);
  for (auto& [id, op] : operations_) {
    if (!op.pending) continue;
    op.pending = false;
    if (op.outcome.approved) apply(op);
  }
}

void SimAcquirer::apply(const Operation& op) {
  switch (op.kind) {
    case Kind::authorize: {
      auto& t = authorizations_[op.reference];
      t.authorized_minor = op.amount_minor;
      t.hold = !op.capture;
      t.captured_minor = op.capture ? op.amount_minor : 0;
      break;
    }
    case Kind::capture: authorizations_[op.reference].captured_minor = op.amount_minor; break;
    case Kind::release: authorizations_[op.reference].released = true; break;
    case Kind::refund: authorizations_[op.reference].refunded_minor += op.amount_minor; break;
  }
}

template <class Decide>
Outcome SimAcquirer::through_network(Kind kind, const std::string& operation_id, std::string reference,
                                     std::int64_t amount, bool capture, Decide decide) {
  const NetFault fault = next_fault_.exchange(NetFault::none);
  {
    std::lock_guard lock(mutex_);
    arrived_.insert(operation_id);
    released_.notify_all();  // await_operation
  }
  if (fault == NetFault::timeout) throw std::runtime_error("simulated: connect timeout, request not sent");
  Operation op{kind, std::move(reference), amount, capture, {}, fault == NetFault::pending, fault == NetFault::disagree};
  if (fault == NetFault::decline) {
    op.outcome = Outcome::declined(connectors::DeclineReason::issuer_unavailable);
  } else {
    op.outcome = decide();
  }
  if (kind == Kind::authorize && op.outcome.approved) op.reference = op.outcome.acquirer_reference;
  std::unique_lock lock(mutex_);
  operations_[operation_id] = op;
  released_.notify_all();  // await_operation
  if (op.outcome.approved && !op.pending) apply(op);
  if (kind == Kind::authorize && op.outcome.approved) {
    authorizations_[op.reference].operation_id = operation_id;
    authorizations_[op.reference].at_once = at_once_next_;
  }
  at_once_next_ = false;
  if (fault == NetFault::lost_answer) throw std::runtime_error("simulated: connection reset, answer lost");
  if (fault == NetFault::pending) {
    Outcome o;
    o.pending = true;
    return o;
  }
  if (fault == NetFault::slow) {
    ++held_;
    released_.wait(lock, [&] { return gate_ != Gate::closed; });
    --held_;
    if (gate_ == Gate::lose) throw std::runtime_error("simulated: answer lost while slow");
  }
  return op.outcome;
}

connectors::EnrollmentResult SimAcquirer::check_enrollment(const connectors::CardData& card) {
  return sandbox_.check_enrollment(card);
}

Outcome SimAcquirer::authorize(const connectors::AuthorizeRequest& request) {
  const auto* card = connectors::sandbox::find_test_card(request.card.pan);
  NetFault none = NetFault::none;
  if (card && card->behaviour == connectors::sandbox::Behaviour::slow_approve && !request.merchant_initiated)
    next_fault_.compare_exchange_strong(none, NetFault::slow);  // the "timeout" card answers late
  auto out = through_network(Kind::authorize, request.operation_id, "", request.amount_minor, request.capture,
                             [&] { return sandbox_.authorize(request); });
  return out;
}

Outcome SimAcquirer::capture(const connectors::FollowUpRequest& request) {
  return through_network(Kind::capture, request.operation_id, request.acquirer_reference, request.amount_minor, true,
                         [&] { return sandbox_.capture(request); });
}

Outcome SimAcquirer::release(const connectors::FollowUpRequest& request) {
  return through_network(Kind::release, request.operation_id, request.acquirer_reference, 0, true,
                         [&] { return sandbox_.release(request); });
}

Outcome SimAcquirer::refund(const connectors::FollowUpRequest& request) {
  return through_network(Kind::refund, request.operation_id, request.acquirer_reference, request.amount_minor, true,
                         [&] { return sandbox_.refund(request); });
}

StatusAnswer SimAcquirer::status(const std::string& operation_id) {
  std::lock_guard lock(mutex_);
  ++inquiries_;
  auto it = operations_.find(operation_id);
  if (it == operations_.end()) return StatusAnswer{};
  const Operation& op = it->second;
  StatusAnswer answer;
  if (op.pending) {
    answer.known = StatusAnswer::Known::pending;
    return answer;
  }
  answer.outcome = op.outcome;
  bool approved = op.outcome.approved;
  if (op.disagree && approved) {
    // The inquiry contradicts what the acquirer did (and answered): Tender trusted it, so the
    // truth of this authorization can no longer be compared.
    approved = !approved;
    answer.outcome = approved ? Outcome{} : Outcome::declined(connectors::DeclineReason::do_not_honour);
    answer.outcome.approved = approved;
    if (!op.reference.empty()) authorizations_[op.reference].status_lied = true;
  }
  answer.known = approved ? StatusAnswer::Known::approved : StatusAnswer::Known::declined;
  return answer;
}

bool SimAcquirer::answers_at_once(const connectors::AuthorizeRequest& request) const {
  at_once_next_ = next_fault_ == NetFault::none && sandbox_.answers_at_once(request);
  return at_once_next_;
}

}  // namespace tender::sim
