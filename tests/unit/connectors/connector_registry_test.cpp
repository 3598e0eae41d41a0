#include "connectors/connector_registry.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace {

using tender::connectors::AuthorizeRequest;
using tender::connectors::CardData;
using tender::connectors::Connector;
using tender::connectors::ConnectorRegistry;
using tender::connectors::EnrollmentResult;
using tender::connectors::FollowUpRequest;
using tender::connectors::Mode;
using tender::connectors::Outcome;
using tender::connectors::RoutingRule;
using tender::connectors::StatusAnswer;

// A connector that only has a name: routing never calls it.
class NamedConnector final : public Connector {
 public:
  explicit NamedConnector(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  EnrollmentResult check_enrollment(const CardData&) override { return {}; }
  Outcome authorize(const AuthorizeRequest&) override { return {}; }
  Outcome capture(const FollowUpRequest&) override { return {}; }
  Outcome release(const FollowUpRequest&) override { return {}; }
  Outcome refund(const FollowUpRequest&) override { return {}; }
  StatusAnswer status(const std::string&) override { return {}; }

 private:
  std::string name_;
};

struct ConnectorRegistryTest : ::testing::Test {
  ConnectorRegistry registry;

  void SetUp() override {
    for (const char* name : {"alpha", "beta", "gamma", "delta"}) registry.add(std::make_unique<NamedConnector>(name));
  }
  void route(Mode mode, std::string company, std::string brand, std::string connector) {
    registry.route(RoutingRule{mode, std::move(company), std::move(brand), std::move(connector)});
  }
  // The name of the connector chosen, "" for none.
  std::string chosen(Mode mode, std::string_view company, std::string_view brand) const {
    const Connector* c = registry.choose(mode, company, brand);
    return c ? std::string(c->name()) : "";
  }
};

TEST_F(ConnectorRegistryTest, NoRuleNoConnector) {
  EXPECT_EQ(registry.choose(Mode::test, "c1", "b1"), nullptr);
  route(Mode::test, "c1", "", "alpha");
  EXPECT_EQ(chosen(Mode::test, "c2", "b1"), "");
}

TEST_F(ConnectorRegistryTest, BrandBeatsCompanyBeatsAnyWhateverTheOrder) {
  route(Mode::test, "c1", "b1", "gamma");
  route(Mode::test, "c1", "", "beta");
  route(Mode::test, "", "", "alpha");
  EXPECT_EQ(chosen(Mode::test, "c1", "b1"), "gamma");
  EXPECT_EQ(chosen(Mode::test, "c1", "b2"), "beta");
  EXPECT_EQ(chosen(Mode::test, "c2", "b1"), "alpha");  // a brand rule is its company's only
  ConnectorRegistry reversed;
  for (const char* name : {"alpha", "beta", "gamma"}) reversed.add(std::make_unique<NamedConnector>(name));
  reversed.route({Mode::test, "", "", "alpha"});
  reversed.route({Mode::test, "c1", "", "beta"});
  reversed.route({Mode::test, "c1", "b1", "gamma"});
  EXPECT_EQ(reversed.choose(Mode::test, "c1", "b1")->name(), "gamma");
  EXPECT_EQ(reversed.choose(Mode::test, "c1", "b2")->name(), "beta");
  EXPECT_EQ(reversed.choose(Mode::test, "c2", "b1")->name(), "alpha");
}

TEST_F(ConnectorRegistryTest, LaterRuleWinsAtTheSamePrecedence) {
  route(Mode::live, "", "", "alpha");
  route(Mode::live, "", "", "beta");
  route(Mode::live, "c1", "", "gamma");
  route(Mode::live, "c1", "", "delta");
  route(Mode::live, "c1", "b1", "alpha");
  route(Mode::live, "c1", "b1", "beta");
  EXPECT_EQ(chosen(Mode::live, "c9", ""), "beta");
  EXPECT_EQ(chosen(Mode::live, "c1", ""), "delta");
  EXPECT_EQ(chosen(Mode::live, "c1", "b1"), "beta");
}

TEST_F(ConnectorRegistryTest, ModesAreSeparate) {
  route(Mode::test, "", "", "alpha");
  route(Mode::live, "c1", "", "beta");
  EXPECT_EQ(chosen(Mode::test, "c1", "b1"), "alpha");  // the live company rule does not count
  EXPECT_EQ(chosen(Mode::live, "c1", "b1"), "beta");
  EXPECT_EQ(chosen(Mode::live, "c2", "b1"), "");  // the test rule does not serve live payments
}

TEST_F(ConnectorRegistryTest, RulesMustNameARegisteredConnector) {
  EXPECT_THROW(route(Mode::test, "", "", "omega"), std::invalid_argument);
  EXPECT_THROW(route(Mode::test, "c1", "", ""), std::invalid_argument);
  EXPECT_EQ(chosen(Mode::test, "c1", "b1"), "");  // the refused rules were not kept
}

TEST_F(ConnectorRegistryTest, BrandRulesNameTheirCompany) {
  EXPECT_THROW(route(Mode::test, "", "b1", "alpha"), std::invalid_argument);
  EXPECT_EQ(chosen(Mode::test, "c1", "b1"), "");
}

TEST_F(ConnectorRegistryTest, ConnectorsByName) {
  EXPECT_EQ(registry.find("beta")->name(), "beta");
  EXPECT_EQ(registry.find("omega"), nullptr);
  EXPECT_EQ(registry.find(""), nullptr);
  EXPECT_THROW(registry.add(std::make_unique<NamedConnector>("beta")), std::invalid_argument);
  EXPECT_THROW(registry.add(nullptr), std::invalid_argument);
  Connector& added = registry.add(std::make_unique<NamedConnector>("epsilon"));
  EXPECT_EQ(registry.find("epsilon"), &added);
}

TEST(ConnectorRegistry, Limits) {
  ConnectorRegistry registry;
  for (std::size_t i = 0; i < ConnectorRegistry::kMaxConnectors; ++i)
    registry.add(std::make_unique<NamedConnector>("c" + std::to_string(i)));
  EXPECT_THROW(registry.add(std::make_unique<NamedConnector>("one-more")), std::invalid_argument);
  for (std::size_t i = 0; i < ConnectorRegistry::kMaxRules; ++i) registry.route({Mode::test, "", "", "c0"});
  EXPECT_THROW(registry.route({Mode::test, "", "", "c1"}), std::invalid_argument);
  EXPECT_EQ(registry.choose(Mode::test, "x", "y")->name(), "c0");
}

}  // namespace
