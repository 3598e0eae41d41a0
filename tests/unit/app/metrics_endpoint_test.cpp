// Who may read GET /metrics: loopback clients without a token; with one, whoever presents it.
#include "app/metrics_endpoint.hpp"

#include <gtest/gtest.h>

namespace tender::app {
namespace {

constexpr const char* kToken = "s3cret-metrics-token-0123456789";

http::Request from(std::string ip, std::optional<std::string> authorization = std::nullopt) {
  http::Request r;
  r.method = "GET";
  r.path = r.target = "/metrics";
  r.remote_ip = std::move(ip);
  if (authorization) r.headers.emplace("Authorization", *authorization);
  return r;
}

TEST(MetricsEndpoint, LoopbackAddressesAsTheServerReportsThem) {
  for (const char* ip : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) EXPECT_TRUE(MetricsEndpoint::is_loopback(ip)) << ip;
  for (const char* ip : {"10.0.0.1", "192.0.2.2", "::ffff:10.0.0.1", "fd00::2", "0.0.0.0", "", "localhost", "127.0.0.1x"})
    EXPECT_FALSE(MetricsEndpoint::is_loopback(ip)) << ip;
}

TEST(MetricsEndpoint, WithoutATokenOnlyLoopbackClientsAreAnswered) {
  metrics::Registry registry;
  registry.counter("tender_seen_total", "Seen.").inc();
  MetricsEndpoint endpoint(registry, "");
  auto ok = endpoint.answer(from("127.0.0.1"));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(ok.body.find("tender_seen_total 1\n"), std::string::npos);
  EXPECT_EQ(endpoint.answer(from("::1")).status, 200);
  auto refused = endpoint.answer(from("192.0.2.2"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body.find("tender_"), std::string::npos);
  // A header naming another client changes nothing: only the socket's peer counts.
  auto forwarded = from("192.0.2.2");
  forwarded.headers.emplace("X-Forwarded-For", "127.0.0.1");
  EXPECT_EQ(endpoint.answer(forwarded).status, 403);
}

TEST(MetricsEndpoint, WithATokenEveryClientMustPresentIt) {
  metrics::Registry registry;
  MetricsEndpoint endpoint(registry, kToken);
  EXPECT_EQ(endpoint.answer(from("192.0.2.2", std::string("Bearer ") + kToken)).status, 200);
  EXPECT_EQ(endpoint.answer(from("192.0.2.2", std::string("bearer ") + kToken)).status, 200);
  auto missing = endpoint.answer(from("192.0.2.2"));
  EXPECT_EQ(missing.status, 401);
  bool challenged = false;
  for (const auto& [name, value] : missing.headers) challenged |= name == "WWW-Authenticate";
  EXPECT_TRUE(challenged);
  // Loopback too: behind a reverse proxy on the same host, every request comes from loopback.
  EXPECT_EQ(endpoint.answer(from("127.0.0.1")).status, 401);
  EXPECT_EQ(endpoint.answer(from("127.0.0.1", std::string("Bearer ") + kToken + "x")).status, 401);
  EXPECT_EQ(endpoint.answer(from("127.0.0.1", std::string("Bearer ") + std::string(kToken).substr(1))).status, 401);
  EXPECT_EQ(endpoint.answer(from("127.0.0.1", std::string("Basic ") + kToken)).status, 401);
  EXPECT_EQ(endpoint.answer(from("127.0.0.1", kToken)).status, 401);
  // The token never appears in an answer.
  EXPECT_EQ(missing.body.find(kToken), std::string::npos);
}

TEST(MetricsEndpoint, WeakOrOddTokensAreRefusedAtStartWithoutEchoingThem) {
  metrics::Registry registry;
  try {
    MetricsEndpoint endpoint(registry, "short-token");
    FAIL() << "a 11-character token was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("short-token"), std::string::npos);
  }
  EXPECT_THROW(MetricsEndpoint(registry, "has a space in the middle"), std::invalid_argument);
  EXPECT_THROW(MetricsEndpoint(registry, std::string(MetricsEndpoint::kMaxTokenBytes + 1, 'a')), std::invalid_argument);
  EXPECT_NO_THROW(MetricsEndpoint(registry, std::string(MetricsEndpoint::kMinTokenBytes, 'a')));
}

}  // namespace
}  // namespace tender::app
