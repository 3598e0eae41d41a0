// Every connector call is timed and counted, and the wrapper changes nothing about the call.
#include "connectors/metered_connector.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "connectors/connector_registry.hpp"

namespace tender::connectors {
namespace {

class ScriptedConnector final : public Connector {
 public:
  Outcome next = Outcome{};
  bool fail = false;
  std::string_view name() const override { return "scripted"; }
  EnrollmentResult check_enrollment(const CardData&) override { return EnrollmentResult{true, std::nullopt, ""}; }
  Outcome authorize(const AuthorizeRequest&) override {
    if (fail) throw std::runtime_error("connection reset");
    return next;
  }
  Outcome capture(const FollowUpRequest&) override { return next; }
  Outcome release(const FollowUpRequest&) override { return next; }
  Outcome refund(const FollowUpRequest&) override { return next; }
  StatusAnswer status(const std::string&) override { return StatusAnswer{}; }
  bool answers_at_once(const AuthorizeRequest&) const override { return true; }
};

Outcome approved() {
  Outcome o;
  o.approved = true;
  o.auth_code = "123456";
  return o;
}

TEST(MetricsConnector, CountsOutcomesAndDeclineReasonsAndTimesEveryCall) {
  metrics::Registry registry;
  auto inner = std::make_unique<ScriptedConnector>();
  auto* script = inner.get();
  MeteredConnector c(std::move(inner), registry);
  EXPECT_EQ(c.name(), "scripted");
  EXPECT_TRUE(c.answers_at_once({}));

  script->next = approved();
  EXPECT_EQ(c.authorize({}).auth_code, "123456");  // the answer passes through unchanged
  EXPECT_TRUE(c.authorize({}).approved);
  script->next = Outcome::declined(DeclineReason::insufficient_funds);
  EXPECT_EQ(c.authorize({}).decline, DeclineReason::insufficient_funds);
  script->next.pending = true;
  script->next.decline.reset();
  c.capture({});
  script->fail = true;
  EXPECT_THROW(c.authorize({}), std::runtime_error);  // still thrown
  EXPECT_TRUE(c.check_enrollment({}).enrolled);
  c.status("op");

  const auto text = registry.render();
  auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has(R"(tender_connector_calls_total{connector="scripted",operation="authorize",outcome="approved"} 2)"));
  EXPECT_TRUE(has(R"(tender_connector_calls_total{connector="scripted",operation="authorize",outcome="declined"} 1)"));
  EXPECT_TRUE(has(R"(tender_connector_calls_total{connector="scripted",operation="authorize",outcome="error"} 1)"));
  EXPECT_TRUE(has(R"(tender_connector_calls_total{connector="scripted",operation="capture",outcome="pending"} 1)"));
  EXPECT_TRUE(has(R"(tender_connector_calls_total{connector="scripted",operation="enrollment",outcome="enrolled"} 1)"));
  EXPECT_TRUE(has(R"(tender_connector_calls_total{connector="scripted",operation="status",outcome="unknown"} 1)"));
  EXPECT_TRUE(has(R"(tender_connector_declines_total{connector="scripted",operation="authorize",reason="insufficient_funds"} 1)"));
  EXPECT_TRUE(has(R"(tender_connector_call_duration_seconds_count{connector="scripted",operation="authorize"} 4)"));
  EXPECT_TRUE(has(R"(tender_connector_calls_in_flight{connector="scripted"} 0)"));
  // Operations never called have no series.
  EXPECT_EQ(text.find(R"(operation="refund")"), std::string::npos);
}

TEST(MetricsConnector, TheRegistryWrapsEveryConnectorOnlyWhenGivenMetrics) {
  metrics::Registry registry;
  ConnectorRegistry metered(&registry);
  Connector& added = metered.add(std::make_unique<ScriptedConnector>());
  EXPECT_NE(dynamic_cast<MeteredConnector*>(&added), nullptr);
  EXPECT_EQ(metered.find("scripted"), &added);
  ConnectorRegistry plain;
  EXPECT_EQ(dynamic_cast<MeteredConnector*>(&plain.add(std::make_unique<ScriptedConnector>())), nullptr);
}

}  // namespace
}  // namespace tender::connectors
