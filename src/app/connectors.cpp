// The connectors this installation can pay through, and which serves which payments: the one
// place connectors are registered (connectors/connector_registry.hpp). Today that is the sandbox,
// for every test-mode payment; live mode has no connector until one is configured here, so live
// payments fail with DeclineReason::no_connector ("no matching terminal").
#include "app/application.hpp"
#include "connectors/sandbox/sandbox_acquirer.hpp"

namespace tender::app {

void Application::register_connectors(const AppOptions& options) {
  connectors::sandbox::SandboxOptions sandbox;
  sandbox.delay_ms = options.sandbox_delay_ms;
  // The sandbox's records outlive a crash of this process, as a real acquirer's would, so intents
  // left open by the crash are resolved by asking it (Connector::status).
  sandbox.journal_path = layout_.dir + "/sandbox-journal.log";
  connectors_.add(std::make_unique<connectors::sandbox::SandboxAcquirer>(clock_, sandbox));
  connectors_.route({.mode = connectors::Mode::test, .company_id = "", .brand_id = "", .connector = "sandbox"});
}

}  // namespace tender::app
