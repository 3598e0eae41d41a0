#pragma once
// The one way the engine calls a connector about a purchase, in the three atomic phases of
// DESIGN rule 6:
//   1. intent: in one transaction, `open` checks the operation may start (throwing EngineError
//      otherwise) and fills the purchase's intent; the intent is written with a fresh id;
//   2. call:   the connector is called on the acquirer pool, with no transaction open;
//   3. result: in one transaction, the answer is recorded by record_result (intent_result.hpp)
//      and the intent closed, unless it was closed meanwhile (recovery).
// Calls run on a pool shared by every company, at most half of it per company (tenant_slots.hpp).
// The request waits for the answer up to EngineOptions::acquirer_wait_ms; a slower answer makes
// the waiter record the operation's pending_* status, and the answer is recorded by the call's
// own task when it arrives.
//
// An operation at a connector that answers it at once, in this process (the sandbox without its
// delay: Connector::answers_at_once for a payment of an existing purchase, answers_follow_ups_at_once
// for a capture, release or refund), skips the phases: the operation is opened, called and recorded
// on the request's thread and written in one transaction, as pay_now does for a new purchase. No intent is needed, for there is no network answer to lose;
// what a crash between the call and the commit costs is the in-process acquirer's memory, as for
// pay_now (docs/ARCHITECTURE.md, "One write per payment").
#include <array>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <mutex>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "engine/caller.hpp"
#include "engine/engine_services.hpp"
#include "engine/intent_result.hpp"
#include "engine/purchase_writer.hpp"
#include "engine/staged_write.hpp"
#include "engine/tenant_slots.hpp"
#include "util/suspending_mutex.hpp"

namespace tender::engine {

// Phase 1, inside the intent transaction: refuse (throw) or fill intent.operation and the rest.
using OpenIntent = std::function<void(PurchaseWriter& writer, Intent& intent)>;
// Phase 2: the connector call, given the purchase as written with its intent.
using CallConnector = std::function<connectors::Outcome(connectors::Connector& connector, const Purchase& purchase)>;

struct CallResult {
  // The connector's answer when it came within the wait; nullopt: still at the acquirer.
  std::optional<connectors::Outcome> outcome;
  Purchase purchase;  // as stored after the call (or after the pending_* status was written)
};

class AcquirerCalls {
 public:
  explicit AcquirerCalls(EngineServices& services);
  ~AcquirerCalls();  // waits for calls still running, so their answers are recorded

  CallResult run(const Caller& caller, const std::string& purchase_id, connectors::Connector& connector,
                 const OpenIntent& open, CallConnector call, ResultExtras extras = {});
  // A capture, release or refund at the connector `pick` names for the purchase (it throws
  // EngineError when there is none): at once when that connector answers it so, on the one read
  // that also picked it, otherwise run().
  using PickConnector = std::function<connectors::Connector&(const Purchase& purchase)>;
  CallResult run_follow_up(const Caller& caller, const std::string& purchase_id, const PickConnector& pick,
                           const OpenIntent& open, CallConnector call);
  // Opened, called and recorded in one transaction, for a connector that answers in this process
  // (the caller has asked it). Throws EngineError conflict "purchase_changed" when the purchase
  // changed between the read and the write (another node, a timer): nothing is written then.
  CallResult run_at_once(const Caller& caller, const std::string& purchase_id, connectors::Connector& connector,
                         const OpenIntent& open, const CallConnector& call, const ResultExtras& extras = {});

  // Blocks until every call started so far has had its answer recorded: a synchronisation point
  // for tests on a manual clock (no sleeping) and for an orderly shutdown.
  void wait_idle();

 private:
  // Phase 1's work on a loaded purchase: `open` decides, then the intent gets its id, time and
  // connector. Throws (EngineError) when the operation may not start.
  void open_intent(PurchaseWriter& w, connectors::Connector& connector, const OpenIntent& open);
  Purchase write_intent(const Caller& caller, const std::string& purchase_id, connectors::Connector& connector,
                        const OpenIntent& open);
  void record(const Caller& caller, const std::string& purchase_id, const std::string& intent_id,
              const connectors::Outcome& outcome, const ResultExtras& extras);
  void call_finished();  // a call posted by run() is recorded (or was never made)
  util::SuspendingMutex& stripe_of(const std::string& purchase_id);
  // The at-once operation on `w`, a writer over `staged` reading through `snapshot` (closed before
  // the write), under the purchase's stripe lock.
  CallResult finish_at_once(std::unique_ptr<store::ReadView> snapshot, StagedWrite& staged, PurchaseWriter& w,
                            connectors::Connector& connector, const OpenIntent& open, const CallConnector& call,
                            const ResultExtras& extras);
  void mark_slow(const Caller& caller, const std::string& purchase_id, const std::string& intent_id);
  Purchase reload(const Caller& caller, const std::string& purchase_id);

  EngineServices& services_;
  std::mutex running_mutex_;
  std::condition_variable idle_;
  std::size_t running_ = 0;  // calls posted and not yet recorded
  boost::asio::thread_pool pool_;
  TenantSlots slots_;  // a company's calls on pool_: at most half of its threads at once
  // One at-once follow-up per purchase at a time in this process (by a hash of its id), so that
  // two of them never both call the acquirer on the same snapshot. Whatever else changes the
  // purchase meanwhile (another node, a timer) fails the later write with a version conflict.
  // Held across the write's commit: a fiber waiting for one suspends (util/suspending_mutex.hpp).
  static constexpr std::size_t kAtOnceStripes = 1024;
  std::array<util::SuspendingMutex, kAtOnceStripes> at_once_stripes_;
};

}  // namespace tender::engine
