#include "connectors/metered_connector.hpp"

namespace tender::connectors {

namespace {

constexpr std::size_t index(MeteredConnector::Operation o) { return static_cast<std::size_t>(o); }
constexpr std::size_t index(MeteredConnector::Result r) { return static_cast<std::size_t>(r); }

// Call latency: an acquirer may take tens of seconds; the sandbox answers in microseconds.
metrics::Buckets call_buckets() {
  return metrics::Buckets({0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
}

}  // namespace

std::string_view MeteredConnector::to_string(Operation operation) {
  switch (operation) {
    case Operation::enrollment: return "enrollment";
    case Operation::authorize: return "authorize";
    case Operation::capture: return "capture";
    case Operation::release: return "release";
    case Operation::refund: return "refund";
    case Operation::status: return "status";
  }
  return "unknown";
}

std::string_view MeteredConnector::to_string(Result result) {
  switch (result) {
    case Result::approved: return "approved";
    case Result::declined: return "declined";
    case Result::pending: return "pending";
    case Result::unknown: return "unknown";
    case Result::enrolled: return "enrolled";
    case Result::not_enrolled: return "not_enrolled";
    case Result::error: return "error";
  }
  return "error";
}

MeteredConnector::MeteredConnector(std::unique_ptr<Connector> inner, metrics::Registry& registry)
    : inner_(std::move(inner)),
      calls_(registry.counters("tender_connector_calls_total",
                               "Calls to a connector (acquirer) by connector, operation and outcome: approved, declined, "
                               "pending, unknown (status inquiries), enrolled / not_enrolled (3-D Secure enrollment) "
                               "or error (the connector threw: no answer).",
                               {"connector", "operation", "outcome"})),
      declines_(registry.counters("tender_connector_declines_total",
                                  "Declined connector calls by connector, operation and neutral decline reason.",
                                  {"connector", "operation", "reason"})),
      durations_(registry.histograms("tender_connector_call_duration_seconds",
                                     "Time a connector call takes, by connector and operation.", call_buckets(),
                                     {"connector", "operation"})),
      in_flight_(registry.gauges("tender_connector_calls_in_flight", "Connector calls waiting for an answer now.",
                                 {"connector"})
                     .with({inner_->name()})) {}

metrics::Histogram& MeteredConnector::duration(Operation operation) {
  auto& slot = durations_cache_[index(operation)];
  if (auto* histogram = slot.load(std::memory_order_acquire)) return *histogram;
  auto* histogram = &durations_.with({inner_->name(), to_string(operation)});
  slot.store(histogram, std::memory_order_release);
  return *histogram;
}

metrics::Counter& MeteredConnector::calls(Operation operation, Result result) {
  auto& slot = calls_cache_[index(operation)][index(result)];
  if (auto* counter = slot.load(std::memory_order_acquire)) return *counter;
  // Two threads may both look it up: the family hands both the same series.
  auto* counter = &calls_.with({inner_->name(), to_string(operation), to_string(result)});
  slot.store(counter, std::memory_order_release);
  return *counter;
}

MeteredConnector::Result MeteredConnector::outcome_result(Operation operation, const Outcome& outcome) {
  if (outcome.approved) return Result::approved;
  if (outcome.pending) return Result::pending;
  if (outcome.decline)
    declines_.with({inner_->name(), to_string(operation), connectors::to_string(*outcome.decline)}).inc();
  return Result::declined;
}

template <class Call, class Classify>
auto MeteredConnector::measured(Operation operation, Call&& call, Classify&& classify) {
  struct InFlight {
    metrics::Gauge& gauge;
    explicit InFlight(metrics::Gauge& g) : gauge(g) { gauge.inc(); }
    ~InFlight() { gauge.dec(); }
  } in_flight(in_flight_);
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  try {
    auto answer = call();
    duration(operation).observe(elapsed());
    calls(operation, classify(answer)).inc();
    return answer;
  } catch (...) {
    duration(operation).observe(elapsed());
    calls(operation, Result::error).inc();
    throw;
  }
}

EnrollmentResult MeteredConnector::check_enrollment(const CardData& card) {
  return measured(Operation::enrollment, [&] { return inner_->check_enrollment(card); },
                  [&](const EnrollmentResult& r) {
                    if (r.invalid) {
                      declines_.with({inner_->name(), "enrollment", connectors::to_string(*r.invalid)}).inc();
                      return Result::declined;
                    }
                    return r.enrolled ? Result::enrolled : Result::not_enrolled;
                  });
}

Outcome MeteredConnector::authorize(const AuthorizeRequest& request) {
  return measured(Operation::authorize, [&] { return inner_->authorize(request); },
                  [&](const Outcome& o) { return outcome_result(Operation::authorize, o); });
}

Outcome MeteredConnector::capture(const FollowUpRequest& request) {
  return measured(Operation::capture, [&] { return inner_->capture(request); },
                  [&](const Outcome& o) { return outcome_result(Operation::capture, o); });
}

Outcome MeteredConnector::release(const FollowUpRequest& request) {
  return measured(Operation::release, [&] { return inner_->release(request); },
                  [&](const Outcome& o) { return outcome_result(Operation::release, o); });
}

Outcome MeteredConnector::refund(const FollowUpRequest& request) {
  return measured(Operation::refund, [&] { return inner_->refund(request); },
                  [&](const Outcome& o) { return outcome_result(Operation::refund, o); });
}

StatusAnswer MeteredConnector::status(const std::string& operation_id) {
  return measured(Operation::status, [&] { return inner_->status(operation_id); },
                  [&](const StatusAnswer& a) {
                    switch (a.known) {
                      case StatusAnswer::Known::approved: return Result::approved;
                      case StatusAnswer::Known::declined:
                        return a.outcome.decline ? outcome_result(Operation::status, a.outcome) : Result::declined;
                      case StatusAnswer::Known::pending: return Result::pending;
                      case StatusAnswer::Known::unknown: return Result::unknown;
                    }
                    return Result::unknown;
                  });
}

}  // namespace tender::connectors
