// The request metrics' labels stay bounded whatever a client sends.
#include "app/request_metrics.hpp"

#include <gtest/gtest.h>

namespace tender::app {
namespace {

TEST(MetricsRequests, LabelledByRoutePatternMethodAndStatus) {
  metrics::Registry registry;
  RequestMetrics requests(registry);
  http::Request r;
  r.method = "GET";
  r.path = "/api/v1/purchases/0b7f6a6e-1111-2222-3333-444455556666/";
  r.received_at = std::chrono::steady_clock::now();
  {
    auto in_flight = requests.start();
    EXPECT_NE(registry.render().find("tender_http_requests_in_flight 1\n"), std::string::npos);
    requests.record(r, "/api/v1/purchases/{id}/", 200, std::chrono::steady_clock::now());
  }
  r.method = "BREW";  // any token is a method; only the standard ones become label values
  requests.record(r, "", 404, std::chrono::steady_clock::now());
  const auto text = registry.render();
  EXPECT_NE(text.find(R"(tender_http_requests_total{route="/api/v1/purchases/{id}/",method="GET",status="200"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(tender_http_requests_total{route="unmatched",method="other",status="404"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(tender_http_request_duration_seconds_count{route="/api/v1/purchases/{id}/",method="GET"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find("tender_http_requests_in_flight 0\n"), std::string::npos);
  EXPECT_EQ(text.find("0b7f6a6e"), std::string::npos);  // never the raw path
}

TEST(MetricsRequests, MethodLabels) {
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) EXPECT_EQ(RequestMetrics::method_label(m), m);
  EXPECT_EQ(RequestMetrics::method_label("get"), "other");
  EXPECT_EQ(RequestMetrics::method_label("PROPFIND"), "other");
  EXPECT_EQ(RequestMetrics::method_label(""), "other");
}

}  // namespace
}  // namespace tender::app
