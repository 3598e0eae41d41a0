#pragma once
// One Tender process as the application builds it (app/application.cpp), minus HTTP: the real
// SQLite store behind the fault decorator, accounts, vault, the connector registry (both modes
// routed to the simulated acquirer), the engine's commands and the timer sweep with the
// application's handlers. A restart destroys it and builds a new one on the same files; the
// constructor then runs what start-up runs (intent recovery), as `tender serve` does on SQLite.
//
// What is and is not deterministic: the store's writer thread and the acquirer pool are real
// threads, but the driver runs one command at a time to completion (a store write returns after
// its commit; AcquirerCalls::wait_idle() after every step), and a slow answer is held at the
// simulated acquirer until the driver lets it go, so the order of effects is fixed by the seed.
// Background work (timers, intent recovery, outbox fan-out, housekeeping) is called directly on
// the manual clock instead of by the sweeper's and dispatcher's threads. Ids (UUIDs) and SQLite's
// file layout differ between runs; no decision depends on them.
#include <memory>
#include <string>

#include "app/timers.hpp"
#include "engine/accounts.hpp"
#include "engine/acquirer_call.hpp"
#include "engine/billing/billing_commands.hpp"
#include "engine/clock.hpp"
#include "engine/engine_services.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/payment_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/timer_sweep.hpp"
#include "fault_store.hpp"
#include "sim_acquirer.hpp"
#include "vault/card_vault.hpp"

namespace tender::sim {

class ManualClock final : public engine::Clock {
 public:
  explicit ManualClock(std::int64_t now) : now_(now) {}
  std::int64_t now_seconds() const override { return now_; }
  void advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::int64_t now_;  // only the driver's thread moves it, between steps
};

struct TenderProcess {
  // Opens (or creates) the database at `db_path`; runs intent recovery.
  TenderProcess(const std::string& db_path, const std::string& master_key, engine::Clock& clock,
                SimAcquirer& acquirer);
  ~TenderProcess();

  FaultStore store;
  engine::Accounts accounts;
  vault::CardVault vault;
  connectors::ConnectorRegistry registry;
  engine::EngineServices services;
  engine::AcquirerCalls calls;
  engine::PurchaseCommands purchases;
  engine::PaymentCommands payments;
  engine::LifecycleCommands lifecycle;
  engine::billing::BillingCommands billing;
  engine::TimerSweep timers;
};

// The acquirer's wait: long enough that an answer that is not held back is always awaited.
inline constexpr std::uint32_t kPatientWaitMs = 60'000;

}  // namespace tender::sim
