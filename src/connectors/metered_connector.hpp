#pragma once
// A connector seen through the metrics (docs/operations.md): every call to the wrapped connector
// is timed and counted by connector name, operation and outcome, and declines by reason, without
// changing what the call does or returns (an exception still propagates). The registry wraps
// every connector it is given (connector_registry.hpp), so no call path can skip it: the engine's
// three phases, the one-transaction payment (pay_now), 3-D Secure enrollment and recovery's
// status inquiries.
//
// Labels are bounded: connector names are registered in code, operations and outcomes are the
// fixed lists below, decline reasons the DeclineReason enumeration.
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string_view>

#include "connectors/connector.hpp"
#include "metrics/registry.hpp"

namespace tender::connectors {

class MeteredConnector final : public Connector {
 public:
  MeteredConnector(std::unique_ptr<Connector> inner, metrics::Registry& registry);

  std::string_view name() const override { return inner_->name(); }
  EnrollmentResult check_enrollment(const CardData& card) override;
  Outcome authorize(const AuthorizeRequest& request) override;
  Outcome capture(const FollowUpRequest& request) override;
  Outcome release(const FollowUpRequest& request) override;
  Outcome refund(const FollowUpRequest& request) override;
  StatusAnswer status(const std::string& operation_id) override;
  bool answers_at_once(const AuthorizeRequest& request) const override { return inner_->answers_at_once(request); }
  bool answers_follow_ups_at_once() const override { return inner_->answers_follow_ups_at_once(); }

  enum class Operation { enrollment, authorize, capture, release, refund, status };
  enum class Result { approved, declined, pending, unknown, enrolled, not_enrolled, error };
  static std::string_view to_string(Operation operation);
  static std::string_view to_string(Result result);

 private:
  static constexpr std::size_t kOperations = 6;
  static constexpr std::size_t kResults = 7;

  // Times `call` and records its result as `classify` names it; an exception counts as "error".
  template <class Call, class Classify>
  auto measured(Operation operation, Call&& call, Classify&& classify);
  Result outcome_result(Operation operation, const Outcome& outcome);
  metrics::Counter& calls(Operation operation, Result result);
  metrics::Histogram& duration(Operation operation);

  const std::unique_ptr<Connector> inner_;
  metrics::Family<metrics::Counter>& calls_;
  metrics::Family<metrics::Counter>& declines_;
  metrics::Family<metrics::Histogram>& durations_;
  metrics::Gauge& in_flight_;
  // Series found on first use, then kept: the hot path takes no lock, and no series is rendered
  // for a combination that never happened.
  std::array<std::array<std::atomic<metrics::Counter*>, kResults>, kOperations> calls_cache_{};
  std::array<std::atomic<metrics::Histogram*>, kOperations> durations_cache_{};
};

}  // namespace tender::connectors
