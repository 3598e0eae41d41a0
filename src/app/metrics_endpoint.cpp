#include "app/metrics_endpoint.hpp"

#include <boost/asio/ip/address.hpp>
#include <openssl/crypto.h>

#include <stdexcept>

namespace tender::app {

namespace {

http::Response refusal(int status, std::string_view message) {
  return http::Response{status, "application/json", R"({"detail":")" + std::string(message) + R"("})", {}};
}

}  // namespace

MetricsEndpoint::MetricsEndpoint(const metrics::Registry& registry, std::string token)
    : registry_(registry), token_(std::move(token)) {
  if (token_.empty()) return;
  // Never echo the token in the error: it may be nearly right.
  if (token_.size() < kMinTokenBytes || token_.size() > kMaxTokenBytes)
    throw std::invalid_argument("--metrics-token must be 16 to 256 characters long");
  for (char c : token_)
    if (c <= 0x20 || c >= 0x7f) throw std::invalid_argument("--metrics-token must be visible ASCII characters, no spaces");
}

bool MetricsEndpoint::is_loopback(std::string_view ip) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(ip), ec);
  if (ec) return false;
  if (address.is_v4()) return address.to_v4().is_loopback();
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).is_loopback();
  return v6.is_loopback();
}

bool MetricsEndpoint::token_matches(const http::Request& request) const {
  const auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (!header || header->size() != kScheme.size() + token_.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i)  // the scheme is case-insensitive (RFC 9110)
    if (std::tolower(static_cast<unsigned char>((*header)[i])) != kScheme[i]) return false;
  // Constant time: how much of a guess matched must not show in the answer's timing.
  return CRYPTO_memcmp(header->data() + kScheme.size(), token_.data(), token_.size()) == 0;
}

http::Response MetricsEndpoint::answer(const http::Request& request) const {
  if (!token_.empty()) {
    if (!token_matches(request))
      return refusal(401, "The metrics need Authorization: Bearer with the metrics token.")
          .with_header("WWW-Authenticate", R"(Bearer realm="tender-metrics")");
  } else if (!is_loopback(request.remote_ip)) {
    return refusal(403, "The metrics are served to loopback clients only; set --metrics-token to scrape from elsewhere.");
  }
  return http::Response{200, std::string(metrics::kContentType), registry_.render(), {}}
      .with_header("Cache-Control", "no-store");
}

}  // namespace tender::app
