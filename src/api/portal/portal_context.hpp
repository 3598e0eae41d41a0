#pragma once
// What the portal's pages use: the engine's commands (the portal acts only through them, with the
// same rules as the APIs), the store for reads the pages need, and the portal's own users,
// sessions, audit log and login throttle.
#include <string>

#include "engine/accounts.hpp"
#include "engine/clock.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/simulation_commands.hpp"
#include "portal/audit_log.hpp"
#include "portal/login_throttle.hpp"
#include "portal/sessions.hpp"
#include "portal/users.hpp"
#include "store/store.hpp"
#include "webhooks/dispatcher.hpp"
#include "webhooks/webhook_commands.hpp"

namespace tender::api::portal_pages {

struct PortalContext {
  engine::Accounts& accounts;
  engine::PurchaseCommands& purchases;
  engine::LifecycleCommands& lifecycle;
  engine::SimulationCommands& simulations;
  webhooks::WebhookCommands& webhooks;
  webhooks::Dispatcher& dispatcher;
  store::Store& store;
  engine::SystemClock& clock;      // the engine's clock (test clock included)
  const engine::Clock& wall_clock; // sessions and login throttling: never moved by the test clock
  bool test_clock_enabled;
  std::string public_url;          // base of checkout URLs
  bool https;                      // cookies are Secure
  portal::Users& users;
  portal::Sessions& sessions;
  portal::AuditLog& audit;
  portal::LoginThrottle& throttle;
};

}  // namespace tender::api::portal_pages
