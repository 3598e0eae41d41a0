#pragma once
// The request metrics (docs/operations.md): every request the application answers, counted by
// route pattern, method and status, and its latency from the moment the server had read it (so
// waiting for a handler thread counts) until its response was built.
//
// Labels stay bounded whatever clients send: the route is the matched PATTERN
// ("/api/v1/purchases/{id}/"), or "unmatched" for a path no route answers (404, 405); the method
// is one of the standard ones or "other"; the status is the response's code.
#include <chrono>
#include <string_view>

#include "http/message.hpp"
#include "metrics/registry.hpp"

namespace tender::app {

inline constexpr std::string_view kUnmatchedRoute = "unmatched";

class RequestMetrics {
 public:
  explicit RequestMetrics(metrics::Registry& registry);

  // Counts the request as in flight until the returned guard is destroyed.
  class InFlight {
   public:
    explicit InFlight(metrics::Gauge& gauge) : gauge_(gauge) { gauge_.inc(); }
    ~InFlight() { gauge_.dec(); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    metrics::Gauge& gauge_;
  };
  InFlight start() { return InFlight(in_flight_); }

  // `route`: the pattern Router::dispatch matched, empty when none did.
  void record(const http::Request& request, std::string_view route, int status,
              std::chrono::steady_clock::time_point handled_from);

  // The method label: the request's method when it is a standard one, else "other".
  static std::string_view method_label(std::string_view method);

 private:
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& durations_;
  metrics::Gauge& in_flight_;
};

}  // namespace tender::app
