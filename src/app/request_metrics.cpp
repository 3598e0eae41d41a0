#include "app/request_metrics.hpp"

#include <array>
#include <charconv>

namespace tender::app {

RequestMetrics::RequestMetrics(metrics::Registry& registry)
    : requests_(registry.counters("tender_http_requests_total",
                                  "HTTP requests answered by the application, by route pattern, method and status code.",
                                  {"route", "method", "status"})),
      durations_(registry.histograms("tender_http_request_duration_seconds",
                                     "Time from a request being read to its response being ready (handler queueing "
                                     "included), by route pattern and method.",
                                     metrics::latency_buckets(), {"route", "method"})),
      in_flight_(registry.gauge("tender_http_requests_in_flight", "Requests being handled now.")) {}

std::string_view RequestMetrics::method_label(std::string_view method) {
  // Any token is a valid HTTP method; only these few become label values.
  static constexpr std::array<std::string_view, 7> kKnown = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (auto known : kKnown)
    if (method == known) return known;
  return "other";
}

void RequestMetrics::record(const http::Request& request, std::string_view route, int status,
                            std::chrono::steady_clock::time_point handled_from) {
  const auto now = std::chrono::steady_clock::now();
  const auto from = request.received_at == std::chrono::steady_clock::time_point{} ? handled_from : request.received_at;
  const std::string_view route_label = route.empty() ? kUnmatchedRoute : route;
  const std::string_view method = method_label(request.method);
  char code[8];
  const auto [end, ec] = std::to_chars(code, code + sizeof code, status);
  const std::string_view status_label(code, static_cast<std::size_t>(end - code));
  requests_.with({route_label, method, status_label}).inc();
  durations_.with({route_label, method}).observe(std::chrono::duration<double>(now - from).count());
}

}  // namespace tender::app
