// engine_services.cpp with connectors/connector_registry.hpp: a second connector (the remote
// acquirer double) next to the real sandbox, one brand routed to it. A purchase records the
// connector that authorized it, and its follow-ups go back to that connector whatever the routing
// says later.
#include "connectors/sandbox/sandbox_acquirer.hpp"
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

using connectors::Mode;

class EngineConnectorRouting : public EngineTest {
 protected:
  EngineConnectorRouting() : other_brand(accounts.create_brand(company.id, "Other brand", kStart)) {
    engine.registry.add(std::make_unique<connectors::sandbox::SandboxAcquirer>(clock));  // memory-only journal
    engine.registry.route({.mode = Mode::test, .company_id = "", .brand_id = "", .connector = "sandbox"});
    engine.registry.route({.mode = Mode::test, .company_id = company.id, .brand_id = brand.id, .connector = kRemote});
  }

  PayResult pay_under(const Brand& b, bool skip_capture = false) {
    auto np = order(10000, b.id);
    np.skip_capture = skip_capture;
    return pay(create(std::move(np)));
  }

  Brand other_brand;
};

TEST_F(EngineConnectorRouting, TheRoutedBrandPaysAtTheDoubleOthersAtTheSandbox) {
  auto routed = pay_under(brand);
  auto other = pay_under(other_brand);

  ASSERT_EQ(routed.outcome, PayOutcome::succeeded);
  ASSERT_EQ(other.outcome, PayOutcome::succeeded);
  EXPECT_EQ(routed.purchase.connector, kRemote);
  EXPECT_EQ(other.purchase.connector, "sandbox");
  EXPECT_TRUE(other.purchase.transaction_data.processing_tx_id.starts_with("sbx_"));

  auto requests = acquirer->requests();
  ASSERT_EQ(requests.size(), 1u);  // only the routed brand's payment reached the double
  EXPECT_EQ(routed.purchase.transaction_data.processing_tx_id, "rem_" + requests[0].operation_id);
  EXPECT_EQ(balances(other.purchase.id).at("merchant_available"), 9750);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineConnectorRouting, FollowUpsGoBackToTheAuthorizingConnectorAfterRoutingChanges) {
  auto held_at_double = pay_under(brand, true).purchase;
  auto paid_at_double = pay_under(brand).purchase;
  ASSERT_EQ(held_at_double.connector, kRemote);

  // The brand moves to the sandbox: new payments go there, older authorizations stay where they are.
  engine.registry.route({.mode = Mode::test, .company_id = company.id, .brand_id = brand.id, .connector = "sandbox"});
  EXPECT_EQ(pay_under(brand).purchase.connector, "sandbox");

  auto captured = engine.lifecycle.capture(caller, held_at_double.id, 7000);
  EXPECT_EQ(captured.status, Status::paid);
  auto refunded = engine.lifecycle.refund(caller, paid_at_double.id, 2000);
  EXPECT_EQ(refunded.status, Status::refunded);

  auto captures = acquirer->requests_of(RequestKind::capture);
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].amount_minor, 7000);
  EXPECT_EQ(captures[0].acquirer_reference, held_at_double.transaction_data.processing_tx_id);
  auto refunds = acquirer->requests_of(RequestKind::refund);
  ASSERT_EQ(refunds.size(), 1u);
  EXPECT_EQ(refunds[0].acquirer_reference, paid_at_double.transaction_data.processing_tx_id);
  EXPECT_EQ(acquirer->requests_of(RequestKind::authorize).size(), 2u);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineConnectorRouting, LiveModeIsServedOnceALiveConnectorIsRouted) {
  Caller live{company.id, false, ""};
  auto before = engine.purchases.create(live, order(10000));
  EXPECT_EQ(pay(before).error_code, "no_connector");

  engine.registry.route({.mode = Mode::live, .company_id = company.id, .brand_id = "", .connector = kRemote});
  auto after = engine.purchases.create(live, order(10000, other_brand.id));
  auto result = pay(after);
  EXPECT_EQ(result.outcome, PayOutcome::succeeded);
  EXPECT_EQ(result.purchase.connector, kRemote);
  EXPECT_EQ(acquirer->requests().size(), 1u);
}

}  // namespace
}  // namespace tender::engine::test
