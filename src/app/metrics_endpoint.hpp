#pragma once
// GET /metrics: the registry in the Prometheus text format, and who may read it.
//
// The metrics carry no secret and no per-company data (no company, purchase or key appears in a
// label), but they describe the installation's traffic, so they are not public by default:
//   - without a token, only loopback clients (127.0.0.0/8, ::1) are answered; others get 403;
//   - with a token (--metrics-token, env TENDER_METRICS_TOKEN), every client must send
//     "Authorization: Bearer <token>", loopback included (behind a reverse proxy on the same
//     host every request comes from loopback); others get 401.
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "metrics/registry.hpp"

namespace tender::app {

class MetricsEndpoint {
 public:
  // Throws std::invalid_argument when `token` is set but not 16–256 visible ASCII characters.
  MetricsEndpoint(const metrics::Registry& registry, std::string token);

  http::Response answer(const http::Request& request) const;

  // 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8, as the server reports peer addresses.
  static bool is_loopback(std::string_view ip);

  static constexpr std::size_t kMinTokenBytes = 16;
  static constexpr std::size_t kMaxTokenBytes = 256;

 private:
  bool token_matches(const http::Request& request) const;

  const metrics::Registry& registry_;
  const std::string token_;  // empty: loopback clients only
};

}  // namespace tender::app
