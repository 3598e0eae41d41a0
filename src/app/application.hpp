#pragma once
// Wires one running installation together: store, clock, engine commands and the dialects.
// Connectors are registered in app/connectors.cpp, dialects in app/dialects.cpp, one line each.
#include <memory>
#include <string>

#include "api/dialect_registry.hpp"
#include "app/idempotency.hpp"
#include "app/metrics_endpoint.hpp"
#include "app/readiness.hpp"
#include "app/request_metrics.hpp"
#include "metrics/registry.hpp"
#include "webhooks/dispatcher.hpp"
#include "webhooks/webhook_commands.hpp"
#include "engine/billing/billing_commands.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/timer_sweep.hpp"
#include "app/sweeper.hpp"
#include "connectors/connector_registry.hpp"
#include "engine/acquirer_call.hpp"
#include "engine/engine_services.hpp"
#include "engine/payment_commands.hpp"
#include "vault/card_vault.hpp"
#include "app/data_dir.hpp"
#include "engine/accounts.hpp"
#include "engine/client_commands.hpp"
#include "engine/clock.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/simulation_commands.hpp"
#include "http/router.hpp"
#include "portal/audit_log.hpp"
#include "portal/login_throttle.hpp"
#include "portal/sessions.hpp"
#include "portal/users.hpp"
#include "store/store.hpp"

namespace tender::app {

struct AppOptions {
  std::string data_dir;
  std::string public_url;  // base of the URLs handed out; defaults to http://<listen>
  std::uint32_t sandbox_delay_ms = 0;      // every sandbox answer takes this long
  std::uint32_t acquirer_wait_ms = 2000;   // slower answers leave pending_* statuses
  std::int64_t hold_expiry_seconds = 7 * 24 * 3600;  // uncaptured holds are released after this
  bool background_jobs = true;             // the sweeper (timers: dues, hold expiry, subscriptions)
  std::string database_url;                // postgres://…; empty: the data dir's SQLite file
  // GET /metrics: empty, loopback clients only; else every client must send it as a bearer token.
  std::string metrics_token;
};

class Application {
 public:
  explicit Application(const AppOptions& options);
  http::Response handle(http::Request& request);
  // How this request's handler waits on this store (http/wait.hpp): where the server runs it.
  http::Wait wait_of(const http::Request& request) const;
  // The answer to a body over the server's limit, in the format of the dialect owning the path.
  http::Response body_too_large(const http::Request& request) const { return dialects_.body_too_large(request); }
  void start_background_jobs();

  store::Store& store() { return *store_; }
  metrics::Registry& metrics() { return metrics_; }
  const std::string& node_id() const { return node_id_; }  // this process's lease owner name
  engine::Accounts& accounts() { return *accounts_; }
  engine::SystemClock& clock() { return clock_; }

 private:
  // First: outlives every component that feeds it (docs/operations.md lists what each feeds).
  metrics::Registry metrics_;
  RequestMetrics request_metrics_{metrics_};
  DataDirLayout layout_;
  std::string node_id_;
  // PostgreSQL (several nodes): intents pending this long are abandoned and recovered by the
  // sweeper. 0 (SQLite, one process): every intent is recovered at start-up, and only then.
  std::int64_t recover_after_seconds_ = 0;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Readiness> readiness_;                  // GET /readyz
  std::unique_ptr<const MetricsEndpoint> metrics_endpoint_;  // GET /metrics
  engine::SystemClock clock_;
  std::unique_ptr<engine::Accounts> accounts_;
  std::unique_ptr<engine::PurchaseCommands> purchases_;
  std::unique_ptr<engine::ClientCommands> clients_;
  std::unique_ptr<vault::CardVault> vault_;
  connectors::ConnectorRegistry connectors_{&metrics_};  // every connector call timed and counted
  std::unique_ptr<engine::EngineServices> engine_;
  std::unique_ptr<engine::AcquirerCalls> acquirer_calls_;  // after what its calls use: joins first
  std::unique_ptr<engine::PaymentCommands> payments_;
  std::unique_ptr<engine::LifecycleCommands> lifecycle_;
  std::unique_ptr<engine::SimulationCommands> simulations_;
  std::unique_ptr<engine::billing::BillingCommands> billing_;
  std::unique_ptr<engine::TimerSweep> timers_;  // app/timers.cpp registers what fires each timer
  http::Router router_;
  // The merchant portal's people: users, sessions (on wall time, which the test clock never moves),
  // the audit log and the login throttle. Before the sweeper, whose housekeeping purges sessions.
  engine::SystemClock wall_clock_;
  std::unique_ptr<portal::Users> portal_users_;
  std::unique_ptr<portal::Sessions> portal_sessions_;
  std::unique_ptr<portal::AuditLog> portal_audit_;
  portal::LoginThrottle portal_throttle_;
  std::unique_ptr<Sweeper> sweeper_;  // last: stops before what it uses is destroyed
  std::unique_ptr<const Idempotency> idempotency_;  // handed to each dialect that takes POSTs
  std::unique_ptr<webhooks::WebhookCommands> webhooks_;
  std::unique_ptr<webhooks::Dispatcher> dispatcher_;  // after what it uses: stops first
  api::DialectRegistry dialects_{router_};  // last: its dialects refer to everything above

  void register_dialects(const std::string& public_url);  // app/dialects.cpp
  void register_connectors(const AppOptions& options);    // app/connectors.cpp
  void register_scrape_metrics();                         // app/scrape_metrics.cpp
};

// Opens the store of an initialized data directory (migrations run here): PostgreSQL when
// layout.database_url is set, else the directory's SQLite file. `metrics`: what the store feeds.
std::unique_ptr<store::Store> open_store(const DataDirLayout& layout, metrics::Registry* metrics = nullptr);

}  // namespace tender::app
