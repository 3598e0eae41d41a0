#pragma once
// The simulated acquirer: a Connector (connectors/connector.hpp) in front of the real sandbox
// acquirer, which decides every operation from its test cards, plus the network between Tender
// and the acquirer, where the simulation's connector faults happen:
//   timeout       the request never reaches the acquirer (the call throws; status: unknown);
//   lost_answer   the acquirer applies the operation, the answer is lost (the call throws);
//   slow          the acquirer applies it, the answer is held back until the driver lets it go
//                 (Tender's wait expires first: a pending_* status), or until a crash loses it;
//   pending       the acquirer takes the request and decides later (Outcome::pending; status()
//                 says pending until the driver settles it with the sandbox's decision);
//   decline       the acquirer refuses the operation, whatever the card;
//   disagree      the answer arrives, but a later status() inquiry says the opposite.
// It keeps its own truth of what it authorized, captured, released and refunded per acquirer
// reference, which the invariant checker compares with Tender's record once recovery has run.
// The acquirer is another system: it lives across Tender's restarts (one instance per seed).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "connectors/sandbox/sandbox_acquirer.hpp"

namespace tender::sim {

enum class NetFault { none, timeout, lost_answer, slow, pending, decline, disagree };
const char* to_string(NetFault fault);

// What the acquirer did for one authorization (by its acquirer reference).
struct AuthorizationTruth {
  std::string operation_id;
  std::int64_t authorized_minor = 0;
  bool hold = false;  // authorized without capture
  std::int64_t captured_minor = 0;
  std::int64_t refunded_minor = 0;
  bool released = false;
  bool at_once = false;       // answered before Tender wrote anything (pay_now in one transaction)
  bool status_lied = false;   // a status() answer about one of its operations contradicted the truth
};

class SimAcquirer final : public connectors::Connector {
 public:
  static constexpr const char* kName = "simulated";

  explicit SimAcquirer(const engine::Clock& clock);

  // The fault of the next authorize/capture/release/refund call (then none again).
  void arm(NetFault fault) { next_fault_ = fault; }
  NetFault armed() const { return next_fault_; }
  // Answers held back by `slow` wait until the gate opens: they arrive (the calls return), or are
  // lost (they throw). The gate stays open, for calls still on their way too, until closed.
  enum class Gate { closed, deliver, lose };
  void set_gate(Gate gate);
  std::size_t held() const;
  // Whether the request of this operation reached the acquirer; await blocks until it has
  // (bounded: false after `timeout_ms`).
  bool received(const std::string& operation_id) const;
  bool await_operation(const std::string& operation_id, int timeout_ms);
  // Decides every operation left pending: status() reports the sandbox's decision from now on.
  void settle_pending();

  const std::map<std::string, AuthorizationTruth>& truth() const { return authorizations_; }
  // Operation ids Tender asked about with status().
  std::size_t status_inquiries() const { return inquiries_; }

  std::string_view name() const override { return kName; }
  connectors::EnrollmentResult check_enrollment(const connectors::CardData& card) override;
  connectors::Outcome authorize(const connectors::AuthorizeRequest& request) override;
  connectors::Outcome capture(const connectors::FollowUpRequest& request) override;
  connectors::Outcome release(const connectors::FollowUpRequest& request) override;
  connectors::Outcome refund(const connectors::FollowUpRequest& request) override;
  connectors::StatusAnswer status(const std::string& operation_id) override;
  bool answers_at_once(const connectors::AuthorizeRequest& request) const override;

 private:
  enum class Kind { authorize, capture, release, refund };
  struct Operation {
    Kind kind = Kind::authorize;
    std::string reference;  // the authorization's acquirer reference
    std::int64_t amount_minor = 0;
    bool capture = true;
    connectors::Outcome outcome;  // the sandbox's (or the fault's) decision
    bool pending = false;         // decided, but status() says pending until settled
    bool disagree = false;
  };
  // Runs the decision through the fault armed for this call. `decide` applies it at the sandbox.
  template <class Decide>
  connectors::Outcome through_network(Kind kind, const std::string& operation_id, std::string reference,
                                      std::int64_t amount, bool capture, Decide decide);
  void apply(const Operation& op);  // the truth, once the acquirer decided and approved

  connectors::sandbox::SandboxAcquirer sandbox_;
  std::atomic<NetFault> next_fault_{NetFault::none};
  mutable bool at_once_next_ = false;  // answers_at_once said yes: the next authorize is that payment
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::size_t held_ = 0;
  Gate gate_ = Gate::closed;
  std::map<std::string, Operation> operations_;  // by operation id, once decided
  std::set<std::string> arrived_;                // every call's operation id, lost ones too
  std::map<std::string, AuthorizationTruth> authorizations_;
  std::size_t inquiries_ = 0;
};

}  // namespace tender::sim
