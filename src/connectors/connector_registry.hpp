#pragma once
// Which connector serves a payment: chosen per company, brand and mode (test or live) from rules
// registered at start-up. Connectors are registered here and only here; the engine asks the
// registry for a purchase's connector and records its name on the purchase, so that capture,
// release, refund and status inquiries go to the acquirer that holds the authorization.
//
// Rule precedence: a rule naming the brand beats one naming only the company, which beats one
// naming neither; within the same precedence the later rule wins. No matching rule: no connector,
// and the payment is refused with DeclineReason::no_connector.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector.hpp"

namespace tender::metrics {
class Registry;
}

namespace tender::connectors {

enum class Mode { test, live };

struct RoutingRule {
  Mode mode = Mode::test;
  std::string company_id;  // empty: any company
  std::string brand_id;    // empty: any brand of the company
  std::string connector;   // a registered connector's name()
};

class ConnectorRegistry {
 public:
  // With `metrics`, every connector added is wrapped in a MeteredConnector (metered_connector.hpp),
  // so that each call to it is timed and counted whichever path makes it.
  explicit ConnectorRegistry(metrics::Registry* metrics = nullptr) : metrics_(metrics) {}

  // Registers a connector under its name(); names are unique (throws std::invalid_argument).
  Connector& add(std::unique_ptr<Connector> connector);
  // Adds a routing rule; its connector must be registered (throws std::invalid_argument).
  void route(RoutingRule rule);

  // The connector for a payment of this company and brand in this mode, or nullptr.
  Connector* choose(Mode mode, std::string_view company_id, std::string_view brand_id) const;
  // A registered connector by name (the one recorded on a purchase), or nullptr.
  Connector* find(std::string_view name) const;

  static constexpr std::size_t kMaxConnectors = 64;
  static constexpr std::size_t kMaxRules = 10'000;

 private:
  metrics::Registry* metrics_;
  std::vector<std::unique_ptr<Connector>> connectors_;
  std::vector<RoutingRule> rules_;
};

}  // namespace tender::connectors
