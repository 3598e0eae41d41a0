#pragma once
// The engine as the application builds it (app/application.cpp), on a real SQLite store in a
// temporary directory, with a manual clock (no wall clock, no sleeping) and a remote acquirer
// double (remote_acquirer_double.hpp) serving every test-mode payment. A slow acquirer is played
// with acquirer_wait_ms = 0 and an answer held back at the double; AcquirerCalls::wait_idle() is
// the point where the answer has been recorded.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "../store_test_support.hpp"
#include "connectors/connector_registry.hpp"
#include "engine/accounts.hpp"
#include "engine/billing/billing_commands.hpp"
#include "engine/acquirer_call.hpp"
#include "engine/clock.hpp"
#include "engine/engine_services.hpp"
#include "engine/errors.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/payment_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/timer_sweep.hpp"
#include "remote_acquirer_double.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

// Statuses and payment outcomes by name in test failure messages.
inline void PrintTo(Status status, std::ostream* os) { *os << to_string(status); }
inline void PrintTo(PayOutcome outcome, std::ostream* os) {
  constexpr const char* kNames[] = {"succeeded", "failed", "pending", "challenge", "challenge_refused"};
  *os << kNames[static_cast<int>(outcome)];
}

}  // namespace tender::engine

namespace tender::engine::test {

inline constexpr std::int64_t kStart = 1'800'000'000;        // the manual clock's first second
inline constexpr const char* kCard = "4444333322221111";      // Visa, not enrolled at the double
inline constexpr const char* kOtherCard = "5200000000001005";  // Mastercard
inline constexpr const char* kRemote = "remote";              // the double's connector name

using connectors::DeclineReason;
using Balances = std::map<std::string, std::int64_t>;  // account -> amount

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t now) : now_(now) {}
  std::int64_t now_seconds() const override { return now_.load(); }
  void set(std::int64_t now) { now_.store(now); }
  void advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<std::int64_t> now_;
};

// What one process builds on a store: a connector registry whose test mode goes to a double of
// `acquirer` named kRemote, the services and the commands. A second Engine on the same store and
// acquirer is the process after a restart.
struct Engine {
  Engine(store::Store& store, Accounts& accounts, Clock& clock, const vault::CardVault& vault,
         std::shared_ptr<RemoteAcquirer> acquirer);

  connectors::ConnectorRegistry registry;
  EngineServices services;
  AcquirerCalls calls;
  PurchaseCommands purchases;
  PaymentCommands payments;
  LifecycleCommands lifecycle;
  billing::BillingCommands billing;
  TimerSweep timers;  // with the application's handlers (app/timers.cpp)
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest();
  ~EngineTest() override;  // lets every held-back answer go and waits until it is recorded

  // A purchase of one item of `amount` under `brand_id` (default: the test brand).
  NewPurchase order(std::int64_t amount, const std::string& brand_id = "") const;
  Purchase create(NewPurchase command);
  Purchase create(std::int64_t amount) { return create(order(amount)); }
  static CardPayment card(const std::string& pan = kCard, bool remember = false);
  PayResult pay(const Purchase& purchase, CardPayment payment = card());
  // A purchase of `amount` paid (or, skip_capture, held) at the double; expects it to succeed.
  Purchase paid(std::int64_t amount);
  Purchase held(std::int64_t amount);
  Purchase reload(const std::string& id);

  // The acquirer answers later than the engine waits: operations end in their pending_* status.
  void slow_acquirer() { engine.services.options.acquirer_wait_ms = 0; }
  // The next call is answered `answer` after the engine stopped waiting, once let_answer_arrive()
  // is called; until then the operation stays in its pending_* status with its intent open.
  void answer_late(Answer answer) {
    slow_acquirer();
    acquirer->script(answer.held_back());
  }
  // Lets the held-back answer arrive and waits until it is recorded.
  void let_answer_arrive() {
    acquirer->release();
    engine.calls.wait_idle();
  }
  // Runs `start` with its answer arriving late: expects the purchase `start` returns to wait in
  // `pending`, lets the answer arrive and returns the purchase as stored then.
  Purchase answered_late(Answer answer, Status pending, const std::function<Purchase()>& start);

  // Read views of the store.
  std::vector<store::Posting> postings(const std::string& purchase_id);
  Balances balances(const std::string& purchase_id);  // the purchase's postings summed per account
  std::vector<std::string> postings_kinds(const std::string& purchase_id);       // one per ledger transaction
  std::vector<std::string> events(const std::string& purchase_id);               // outbox event types, in order
  std::optional<std::int64_t> timer(const std::string& purchase_id, const std::string& type);  // fires at
  std::vector<std::string> ledger_problems();  // check_ledger over the whole store

  store::test_support::TempSqliteStore store_{"tender_engine"};
  ManualClock clock{kStart};
  const std::string master_key;
  Accounts accounts;
  vault::CardVault vault;
  std::shared_ptr<RemoteAcquirer> acquirer = std::make_shared<RemoteAcquirer>();
  Company company;
  Brand brand;
  Caller caller;
  Engine engine;
};

// The EngineError `f` throws; a test failure when it throws none.
EngineError error_of(const std::function<void()>& f);

// The newest attempt of a purchase (tests only call it where one exists).
const Attempt& last_attempt(const Purchase& p);
std::string last_error_code(const Purchase& p);

}  // namespace tender::engine::test
