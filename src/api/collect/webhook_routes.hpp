#pragma once
// Collect's webhook endpoints under /api/v1/: webhooks CRUD, their deliveries (with every
// attempt) and resends, and the test clock. JSON in and out only; the rules live in webhooks/.
#include <string>

#include "api/collect/purchase_json.hpp"
#include "engine/accounts.hpp"
#include "engine/clock.hpp"
#include "api/dialect_route.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "webhooks/dispatcher.hpp"
#include "webhooks/webhook_commands.hpp"

namespace tender::api::collect {

struct WebhookContext {
  engine::Accounts& accounts;
  webhooks::WebhookCommands& webhooks;
  webhooks::Dispatcher& dispatcher;
  store::Store& store;
  engine::SystemClock& clock;
  bool test_clock_enabled;               // TENDER_TEST_CLOCK=1
  Links links;
};

// `authed` wraps the handlers (api/dialect_route.hpp): Collect's authentication and errors.
void add_webhook_routes(http::Router& router, WebhookContext& context, const DialectRoute& authed);

// TENDER_TEST_CLOCK=1: test keys may move the (process-wide) clock forward.
bool test_clock_enabled_from_env();

// The body a webhook or success callback receives for an outbox event: the Collect Purchase
// JSON of the snapshot, plus "event_type"; for payment.refunded the refund Payment (read from
// `store`) instead.
std::string event_body(const store::OutboxEvent& event, const Links& links, store::Store& store);

}  // namespace tender::api::collect
