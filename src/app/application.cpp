#include "app/application.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "app/request_log.hpp"

#include <algorithm>
#include <cstdlib>

#include "api/collect/webhook_routes.hpp"
#include "api/s2s/s2s_response.hpp"
#include "app/timers.hpp"
#include "engine/ids.hpp"
#include "engine/intent_recovery.hpp"
#include "webhooks/outbox_retention.hpp"
#include "store/postgres/postgres_store.hpp"

namespace tender::app {

namespace bj = boost::json;

std::unique_ptr<store::Store> open_store(const DataDirLayout& layout, metrics::Registry* metrics) {
  if (!layout.database_url.empty()) {
    if (!store::postgres::is_postgres_url(layout.database_url))
      throw std::runtime_error("--database must be a postgres:// or postgresql:// URL (leave it out to use the data directory's SQLite file)");
    store::PostgresOptions options;
    options.url = layout.database_url;
    options.metrics = metrics;
    // Connections per pool (read and write each); size max_connections for nodes x 3 x this.
    if (const char* n = std::getenv("TENDER_DATABASE_POOL_SIZE"); n && *n) {
      options.write_connections = options.read_connections = static_cast<std::size_t>(std::stoul(n));
    }
    return store::open_postgres(options);
  }
  store::SqliteOptions options;
  options.path = layout.database();
  options.metrics = metrics;
  return store::open_sqlite(options);
}

Application::Application(const AppOptions& options) : layout_{options.data_dir, options.database_url} {
  read_installation(layout_);  // fails clearly on an uninitialized directory
  metrics_endpoint_ = std::make_unique<const MetricsEndpoint>(metrics_, options.metrics_token);  // checks the token
  store_ = open_store(layout_, &metrics_);
  readiness_ = std::make_unique<Readiness>(*store_);
  if (!layout_.database_url.empty()) spdlog::info("store: PostgreSQL at {}", store::postgres::redacted_url(layout_.database_url));
  auto master_key = load_master_key(layout_);
  accounts_ = std::make_unique<engine::Accounts>(*store_, master_key);
  vault_ = std::make_unique<vault::CardVault>(master_key);
  register_connectors(options);
  engine_ = std::make_unique<engine::EngineServices>(engine::EngineServices{
      *store_, *accounts_, clock_, connectors_, *vault_,
      engine::EngineOptions{.acquirer_wait_ms = options.acquirer_wait_ms, .hold_expiry_seconds = options.hold_expiry_seconds}});
  acquirer_calls_ = std::make_unique<engine::AcquirerCalls>(*engine_);
  purchases_ = std::make_unique<engine::PurchaseCommands>(*store_, *accounts_, clock_);
  payments_ = std::make_unique<engine::PaymentCommands>(*engine_, *acquirer_calls_, *purchases_);
  simulations_ = std::make_unique<engine::SimulationCommands>(*store_, clock_);
  lifecycle_ = std::make_unique<engine::LifecycleCommands>(*engine_, *acquirer_calls_);
  billing_ = std::make_unique<engine::billing::BillingCommands>(*engine_, *purchases_, *lifecycle_);
  timers_ = std::make_unique<engine::TimerSweep>(*store_, clock_, &metrics_);
  register_timers(*timers_, *lifecycle_, *billing_, *payments_);
  node_id_ = "node-" + engine::new_id();
  if (layout_.database_url.empty()) {
    // SQLite: this process is the store's only user, so every intent in it was left by a crash.
    engine::recover_intents(*engine_);
  } else {
    // Several nodes may share the database: an intent is abandoned only once it is older than
    // any live node still waits for an acquirer answer. The sweeper (under its lease) recovers
    // those, at start-up and whenever a node died.
    const std::uint32_t longest_call_ms = std::max(options.acquirer_wait_ms, options.sandbox_delay_ms);
    recover_after_seconds_ = static_cast<std::int64_t>(longest_call_ms / 1000) + 1 + 60;
  }
  clients_ = std::make_unique<engine::ClientCommands>(*store_, clock_);
  // Operations (docs/operations.md): liveness, readiness (the store answers, the schema is this
  // build's), and the Prometheus metrics (loopback or the metrics token only).
  router_.add("GET", "/healthz", [](http::Request&, const http::RouteParams&) {
    return http::Response{200, "application/json", R"({"status":"ok"})", {}};
  }, http::Wait::never);
  router_.add("GET", "/readyz", [this](http::Request&, const http::RouteParams&) { return readiness_->answer(); });
  router_.add("GET", "/metrics",
              [this](http::Request& r, const http::RouteParams&) { return metrics_endpoint_->answer(r); });
  idempotency_ = std::make_unique<const Idempotency>(*store_, clock_);
  const auto policy = webhooks::address_policy_from_env();
  webhooks_ = std::make_unique<webhooks::WebhookCommands>(*store_, clock_, master_key, policy);
  dispatcher_ = std::make_unique<webhooks::Dispatcher>(
      *store_, clock_, *accounts_, *webhooks_,
      [this, links = api::collect::Links{options.public_url}](const store::OutboxEvent& e, std::string_view destination) {
        // A success callback speaks the dialect that created the purchase (S2S webhook_url);
        // webhooks are a Collect feature and carry the Collect Purchase (a refund: its Payment).
        if (destination == webhooks::kSuccessCallbackDestination)
          if (auto body = api::s2s::callback_body(e)) return *body;
        return api::collect::event_body(e, links, *store_);
      },
      webhooks::DispatcherOptions{.policy = policy, .limits = {}, .node_id = node_id_, .metrics = &metrics_});
  portal_users_ = std::make_unique<portal::Users>(*store_);
  portal_sessions_ = std::make_unique<portal::Sessions>(*store_, wall_clock_);
  portal_audit_ = std::make_unique<portal::AuditLog>(*store_);
  register_dialects(options.public_url);
  register_scrape_metrics();
}

void Application::start_background_jobs() {
  SweeperOptions sweeper;
  sweeper.period = std::chrono::milliseconds(500);
  sweeper.node_id = node_id_;
  if (recover_after_seconds_ > 0) {
    sweeper.recover = [this](std::int64_t min_age) { engine::recover_intents(*engine_, min_age); };
    sweeper.recover_after_seconds = recover_after_seconds_;
  }
  sweeper.clock = &clock_;
  sweeper.housekeeping = [this] {
    // A bounded number of bounded batches a round: a backlog drains over a few rounds.
    constexpr std::size_t kBatch = 1000;
    for (int i = 0; i < 10 && purge_expired_idempotency(*store_, clock_, kBatch) == kBatch; ++i) {
    }
    for (int i = 0; i < 10 && webhooks::purge_fanned_out_events(*store_, clock_, kBatch) == kBatch; ++i) {
    }
    portal_sessions_->purge_expired(kBatch);
  };
  sweeper_ = std::make_unique<Sweeper>(*timers_, *store_, std::move(sweeper));
  // Several nodes: serve no request before the start second the heartbeats announce (< 1 s).
  while (recover_after_seconds_ > 0 && clock_.now_seconds() < sweeper_->started()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  dispatcher_->start();
}

http::Wait Application::wait_of(const http::Request& request) const {
  // A PostgreSQL read or write is a blocking network round trip (a busy pool, a server
  // restarting): only the SQLite store's waits are quick reads or util::Wakeup waits.
  return layout_.database_url.empty() ? router_.wait_of(request) : http::Wait::may;
}

http::Response Application::handle(http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  const auto in_flight = request_metrics_.start();
  std::string_view route;  // the matched pattern, for the metrics: never the raw path
  http::Response response;
  try {
    response = router_.dispatch(request, &route);
  } catch (...) {
    request_metrics_.record(request, route, 500, started);  // the server answers 500
    throw;
  }
  request_metrics_.record(request, route, response.status, started);
  // Never log bodies or query strings: they may carry card data.
  RequestLog::request(request.remote_ip, request.method, request.path, response.status);
  return response;
}

}  // namespace tender::app
