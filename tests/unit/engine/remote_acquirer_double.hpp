#pragma once
// A test double of a remote acquirer behind the Connector contract (connectors/connector.hpp).
//
// Each call takes the next scripted Answer (approve when the script is empty): approve, decline
// with a DeclineReason, pending (the acquirer took the request and decides later, see settle()),
// or never_reached (the request is lost on the way: the acquirer knows nothing of it). Any answer
// can be held back until the test calls release(), which is how a slow acquirer is played without
// sleeping. The acquirer decides when the request arrives, so status() already knows an approved
// or declined operation while its answer is still held back: the state after a crash that lost
// the answer.
//
// The acquirer's side (its decisions, the requests it received, the script) lives in a
// RemoteAcquirer shared by every double built on it, so a second engine built on the same store
// (a restart) talks to the same acquirer through a new double.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector.hpp"

namespace tender::engine::test {

enum class RequestKind { authorize, capture, release, refund };

// What the acquirer received, one per call.
struct ReceivedRequest {
  RequestKind kind = RequestKind::authorize;
  std::string operation_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string acquirer_reference;  // follow-ups: the authorization's reference
  std::string pan;                 // authorize: the card number it was given
  std::string cvc;
  bool capture = true;
  bool verify_only = false;
  bool merchant_initiated = false;
  std::string three_ds_result;
};

struct Answer {
  enum class Kind { approve, decline, pending, never_reached, approved_but_lost };
  Kind kind = Kind::approve;
  connectors::DeclineReason reason = connectors::DeclineReason::do_not_honour;
  bool held = false;  // returned only after release()

  static Answer approve() { return {}; }
  static Answer decline(connectors::DeclineReason reason) { return {Kind::decline, reason, false}; }
  static Answer pending() { return {Kind::pending, {}, false}; }
  // The call fails with an exception once released (a connection error); status() says unknown.
  static Answer never_reached() { return {Kind::never_reached, {}, false}; }
  // The acquirer approves, but the answer is lost on the way back (the call fails with an
  // exception); status() says approved.
  static Answer approved_but_lost() { return {Kind::approved_but_lost, {}, false}; }
  Answer held_back() const {
    Answer a = *this;
    a.held = true;
    return a;
  }
};

// The acquirer's side; thread-safe.
class RemoteAcquirer {
 public:
  // Appends answers for the next calls, in order.
  void script(Answer answer);
  // Cards that take part in 3-D Secure (check_enrollment answers enrolled for them).
  void enroll(const std::string& pan);
  // Lets `count` held-back answers go (whether their calls arrived yet or not).
  void release(std::size_t count = 1);
  // Lets every held-back answer go, now and later (teardown).
  void open_gate();
  // Blocks until the request of this operation arrived: a synchronisation point, not a sleep.
  void await_operation(const std::string& operation_id);
  // Decides an operation left pending: status() reports this answer from now on.
  void settle(const std::string& operation_id, Answer answer);
  // Says its authorizations are answered at once, in process (as the sandbox without delay):
  // the engine may then pay a new purchase in one transaction.
  // (The same flag says so of its captures, releases and refunds.)
  void answer_at_once(bool at_once) { at_once_ = at_once; }
  bool answers_at_once() const { return at_once_; }
  // Runs `hook` inside every later call, before it is answered: what else happens meanwhile.
  void while_answering(std::function<void()> hook);

  std::vector<ReceivedRequest> requests() const;
  std::vector<ReceivedRequest> requests_of(RequestKind kind) const;
  std::size_t status_inquiries() const;

  // Used by RemoteAcquirerDouble.
  connectors::EnrollmentResult check_enrollment(const connectors::CardData& card) const;
  connectors::Outcome handle(ReceivedRequest request);
  connectors::StatusAnswer status(const std::string& operation_id);

 private:
  connectors::Outcome outcome_of(const ReceivedRequest& request, const Answer& answer) const;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Answer> script_;
  std::set<std::string> enrolled_;
  std::vector<ReceivedRequest> requests_;
  std::map<std::string, connectors::StatusAnswer> decided_;  // by operation id
  std::size_t permits_ = 0;
  bool gate_open_ = false;
  std::size_t inquiries_ = 0;
  std::atomic<bool> at_once_{false};
  std::function<void()> hook_;
};

class RemoteAcquirerDouble final : public connectors::Connector {
 public:
  RemoteAcquirerDouble(std::string name, std::shared_ptr<RemoteAcquirer> acquirer)
      : name_(std::move(name)), acquirer_(std::move(acquirer)) {}

  std::string_view name() const override { return name_; }
  connectors::EnrollmentResult check_enrollment(const connectors::CardData& card) override;
  connectors::Outcome authorize(const connectors::AuthorizeRequest& request) override;
  connectors::Outcome capture(const connectors::FollowUpRequest& request) override;
  connectors::Outcome release(const connectors::FollowUpRequest& request) override;
  connectors::Outcome refund(const connectors::FollowUpRequest& request) override;
  connectors::StatusAnswer status(const std::string& operation_id) override;
  bool answers_at_once(const connectors::AuthorizeRequest&) const override { return acquirer_->answers_at_once(); }
  bool answers_follow_ups_at_once() const override { return acquirer_->answers_at_once(); }

 private:
  connectors::Outcome follow_up(RequestKind kind, const connectors::FollowUpRequest& request);

  std::string name_;
  std::shared_ptr<RemoteAcquirer> acquirer_;
};

}  // namespace tender::engine::test
