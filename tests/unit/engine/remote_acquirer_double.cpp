#include "remote_acquirer_double.hpp"

#include <stdexcept>

#include "cards/card_number.hpp"

namespace tender::engine::test {

using connectors::Outcome;
using connectors::StatusAnswer;

void RemoteAcquirer::script(Answer answer) {
  std::lock_guard lock(mutex_);
  script_.push_back(answer);
}

void RemoteAcquirer::enroll(const std::string& pan) {
  std::lock_guard lock(mutex_);
  enrolled_.insert(pan);
}

void RemoteAcquirer::release(std::size_t count) {
  std::lock_guard lock(mutex_);
  permits_ += count;
  changed_.notify_all();
}

void RemoteAcquirer::open_gate() {
  std::lock_guard lock(mutex_);
  gate_open_ = true;
  changed_.notify_all();
}

void RemoteAcquirer::await_operation(const std::string& operation_id) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] {
    for (const auto& r : requests_)
      if (r.operation_id == operation_id) return true;
    return false;
  });
}

void RemoteAcquirer::settle(const std::string& operation_id, Answer answer) {
  std::lock_guard lock(mutex_);
  auto it = decided_.find(operation_id);
  if (it == decided_.end()) throw std::logic_error("settle: no such operation " + operation_id);
  ReceivedRequest request;
  for (const auto& r : requests_)
    if (r.operation_id == operation_id) request = r;
  if (answer.kind == Answer::Kind::never_reached) {
    decided_.erase(it);
    return;
  }
  it->second.known = answer.kind == Answer::Kind::approve   ? StatusAnswer::Known::approved
                     : answer.kind == Answer::Kind::decline ? StatusAnswer::Known::declined
                                                            : StatusAnswer::Known::pending;
  it->second.outcome = outcome_of(request, answer);
}

std::vector<ReceivedRequest> RemoteAcquirer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<ReceivedRequest> RemoteAcquirer::requests_of(RequestKind kind) const {
  std::vector<ReceivedRequest> out;
  for (const auto& r : requests())
    if (r.kind == kind) out.push_back(r);
  return out;
}

std::size_t RemoteAcquirer::status_inquiries() const {
  std::lock_guard lock(mutex_);
  return inquiries_;
}

connectors::EnrollmentResult RemoteAcquirer::check_enrollment(const connectors::CardData& card) const {
  connectors::EnrollmentResult result;
  if (!cards::all_digits(card.pan) || !cards::luhn_valid(card.pan)) {
    result.invalid = connectors::DeclineReason::invalid_card_number;
    return result;
  }
  std::lock_guard lock(mutex_);
  result.enrolled = enrolled_.count(card.pan) == 1;
  return result;
}

Outcome RemoteAcquirer::outcome_of(const ReceivedRequest& request, const Answer& answer) const {
  if (answer.kind == Answer::Kind::decline) {
    auto o = Outcome::declined(answer.reason);
    o.response_code = "05";
    return o;
  }
  Outcome o;
  if (answer.kind == Answer::Kind::pending) {
    o.pending = true;
    return o;
  }
  o.approved = true;
  o.auth_code = request.kind == RequestKind::authorize ? "654321" : "";
  o.rrn = "000000000042";
  o.stan = "000042";
  o.acquirer_reference = "rem_" + request.operation_id;
  o.scheme = request.pan.empty() ? "" : std::string(cards::to_string(cards::detect_scheme(request.pan)));
  o.country = "DE";
  o.response_code = "00";
  return o;
}

void RemoteAcquirer::while_answering(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  hook_ = std::move(hook);
}

Outcome RemoteAcquirer::handle(ReceivedRequest request) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    hook = hook_;
  }
  if (hook) hook();
  std::unique_lock lock(mutex_);
  Answer answer = Answer::approve();
  if (!script_.empty()) {
    answer = script_.front();
    script_.pop_front();
  }
  const bool lost = answer.kind == Answer::Kind::approved_but_lost;
  if (lost) answer.kind = Answer::Kind::approve;
  requests_.push_back(request);
  const Outcome outcome = outcome_of(request, answer);
  if (answer.kind != Answer::Kind::never_reached) {
    StatusAnswer known;
    known.known = answer.kind == Answer::Kind::approve   ? StatusAnswer::Known::approved
                  : answer.kind == Answer::Kind::decline ? StatusAnswer::Known::declined
                                                         : StatusAnswer::Known::pending;
    known.outcome = outcome;
    decided_[request.operation_id] = known;
  }
  changed_.notify_all();
  if (answer.held) {
    changed_.wait(lock, [&] { return gate_open_ || permits_ > 0; });
    if (!gate_open_) --permits_;
  }
  if (answer.kind == Answer::Kind::never_reached) throw std::runtime_error("connection reset before the request was sent");
  if (lost) throw std::runtime_error("connection reset before the answer arrived");
  return outcome;
}

StatusAnswer RemoteAcquirer::status(const std::string& operation_id) {
  std::lock_guard lock(mutex_);
  ++inquiries_;
  auto it = decided_.find(operation_id);
  return it == decided_.end() ? StatusAnswer{} : it->second;
}

connectors::EnrollmentResult RemoteAcquirerDouble::check_enrollment(const connectors::CardData& card) {
  return acquirer_->check_enrollment(card);
}

Outcome RemoteAcquirerDouble::authorize(const connectors::AuthorizeRequest& request) {
  ReceivedRequest r;
  r.kind = RequestKind::authorize;
  r.operation_id = request.operation_id;
  r.amount_minor = request.amount_minor;
  r.currency = request.currency;
  r.pan = request.card.pan;
  r.cvc = request.card.cvc;
  r.capture = request.capture;
  r.verify_only = request.verify_only;
  r.merchant_initiated = request.merchant_initiated;
  r.three_ds_result = request.three_ds_result;
  return acquirer_->handle(std::move(r));
}

Outcome RemoteAcquirerDouble::follow_up(RequestKind kind, const connectors::FollowUpRequest& request) {
  ReceivedRequest r;
  r.kind = kind;
  r.operation_id = request.operation_id;
  r.amount_minor = request.amount_minor;
  r.currency = request.currency;
  r.acquirer_reference = request.acquirer_reference;
  return acquirer_->handle(std::move(r));
}

Outcome RemoteAcquirerDouble::capture(const connectors::FollowUpRequest& request) {
  return follow_up(RequestKind::capture, request);
}

Outcome RemoteAcquirerDouble::release(const connectors::FollowUpRequest& request) {
  return follow_up(RequestKind::release, request);
}

Outcome RemoteAcquirerDouble::refund(const connectors::FollowUpRequest& request) {
  return follow_up(RequestKind::refund, request);
}

StatusAnswer RemoteAcquirerDouble::status(const std::string& operation_id) { return acquirer_->status(operation_id); }

}  // namespace tender::engine::test
