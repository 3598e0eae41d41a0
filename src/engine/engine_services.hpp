#pragma once
// What every engine command works with, built once per installation (app/application.cpp) and
// shared by reference: the store, accounts, clock, connectors, vault and the engine's limits.
#include <cstddef>
#include <cstdint>

#include "connectors/connector_registry.hpp"
#include "engine/accounts.hpp"
#include "engine/clock.hpp"
#include "engine/fees.hpp"
#include "engine/purchase.hpp"
#include "store/store.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

struct EngineOptions {
  std::uint32_t acquirer_wait_ms = 2000;             // longer answers produce pending_* statuses
  std::size_t acquirer_threads = 24;                 // concurrent connector calls
  // Calls one company may have waiting for a free acquirer thread (tenant_slots.hpp); a payment
  // or follow-up beyond it fails at once with connection_error, never having reached the acquirer.
  std::size_t acquirer_queue_per_company = 10'000;
  std::int64_t hold_expiry_seconds = 7 * 24 * 3600;  // uncaptured holds are released after this
};

struct EngineServices {
  store::Store& store;
  Accounts& accounts;
  Clock& clock;
  connectors::ConnectorRegistry& connectors;
  const vault::CardVault& vault;
  EngineOptions options;

  // The brand's fee schedule (none when the brand is gone).
  FeeSchedule fees_of(const Purchase& purchase) const;
  // The connector that takes a new payment of this purchase (its company, brand and mode), or
  // nullptr when none is configured.
  connectors::Connector* connector_for_payment(const Purchase& purchase) const;
  // The connector that holds this purchase's authorization (follow-ups, status inquiries).
  connectors::Connector* connector_of(const Purchase& purchase) const;
  // A registered connector by the name recorded on a purchase or intent ("" = written before names
  // were recorded: the sandbox), or nullptr.
  connectors::Connector* connector_named(const std::string& name) const;
};

}  // namespace tender::engine
