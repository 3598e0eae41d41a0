#include "engine/acquirer_call.hpp"

#include <memory>
#include <spdlog/spdlog.h>

#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/staged_write.hpp"
#include "util/invariant.hpp"
#include "util/wakeup.hpp"

namespace tender::engine {

namespace {

// A call that ended without an answer (a timeout, a reset connection) may still have been applied
// by the acquirer: only the answer was lost on the way back. Recording it as declined would fail
// a payment the payer was charged for, so the acquirer is asked (status()): its answer is
// recorded as if it had come; an operation it never heard of failed; otherwise the intent stays
// open (the pending_* status) for recovery to ask again.
connectors::Outcome outcome_of_lost_answer(connectors::Connector& connector, const std::string& intent_id) {
  using Known = connectors::StatusAnswer::Known;
  try {
    auto answer = connector.status(intent_id);
    if (answer.known == Known::approved || answer.known == Known::declined) return answer.outcome;
    if (answer.known == Known::unknown) return connectors::Outcome::declined(connectors::DeclineReason::connection_error);
  } catch (const std::exception& e) {
    spdlog::warn("status inquiry of intent {} at connector {} failed: {}", intent_id, connector.name(), e.what());
  }
  connectors::Outcome open;
  open.pending = true;
  return open;
}

}  // namespace

AcquirerCalls::AcquirerCalls(EngineServices& services)
    : services_(services),
      pool_(services.options.acquirer_threads),
      slots_(pool_, per_tenant_limit(services.options.acquirer_threads), services.options.acquirer_queue_per_company) {}

AcquirerCalls::~AcquirerCalls() { pool_.join(); }

void AcquirerCalls::wait_idle() {
  std::unique_lock lock(running_mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

void AcquirerCalls::call_finished() {
  std::lock_guard lock(running_mutex_);
  if (--running_ == 0) idle_.notify_all();
}

void AcquirerCalls::open_intent(PurchaseWriter& w, connectors::Connector& connector, const OpenIntent& open) {
  Intent intent;
  open(w, intent);  // throws when the operation may not start
  TENDER_ASSERT(!w.purchase().intent.open(), "one_intent_at_a_time", "purchase {}: {} opened over an open {}",
                w.purchase().id, to_string(intent.operation), to_string(w.purchase().intent.operation));
  TENDER_ASSERT(intent.open(), "intent_names_operation", "purchase {}: an intent without an operation",
                w.purchase().id);
  intent.id = new_id();
  intent.since = services_.clock.now_seconds();
  intent.connector = std::string(connector.name());
  w.purchase().intent = std::move(intent);
}

Purchase AcquirerCalls::write_intent(const Caller& caller, const std::string& purchase_id,
                                     connectors::Connector& connector, const OpenIntent& open) {
  Purchase written;
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, purchase_id);
    open_intent(w, connector, open);
    w.save();
    written = w.purchase();
  });
  return written;
}

void AcquirerCalls::record(const Caller& caller, const std::string& purchase_id, const std::string& intent_id,
                           const connectors::Outcome& outcome, const ResultExtras& extras) {
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, purchase_id);
    if (w.purchase().intent.id != intent_id) {
      spdlog::warn("acquirer answer for purchase {} arrived after its intent was closed; ignored", purchase_id);
      return;
    }
    record_result(services_, w, outcome, services_.clock.now_seconds(), extras);
    w.save();
  });
}

void AcquirerCalls::mark_slow(const Caller& caller, const std::string& purchase_id, const std::string& intent_id) {
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, purchase_id);
    if (w.purchase().intent.id != intent_id) return;  // the answer was recorded in the meantime
    auto slow = slow_operation(w.purchase().intent.operation);
    if (!w.allows(slow)) return;  // already in its pending_* status
    w.apply(slow, services_.clock.now_seconds());
    w.save();
  });
}

Purchase AcquirerCalls::reload(const Caller& caller, const std::string& purchase_id) {
  return read_purchase(services_.store, caller, purchase_id);
}

util::SuspendingMutex& AcquirerCalls::stripe_of(const std::string& purchase_id) {
  return at_once_stripes_[std::hash<std::string>{}(purchase_id) % kAtOnceStripes];
}

CallResult AcquirerCalls::run_follow_up(const Caller& caller, const std::string& purchase_id, const PickConnector& pick,
                                        const OpenIntent& open, CallConnector call) {
  connectors::Connector* phased = nullptr;
  {
    std::lock_guard one_at_a_time(stripe_of(purchase_id));
    StagedWrite staged;
    auto snapshot = services_.store.read();
    staged.read_through(snapshot.get());
    PurchaseWriter w(staged, caller, purchase_id);
    connectors::Connector& connector = pick(w.purchase());
    if (connector.answers_follow_ups_at_once())
      return finish_at_once(std::move(snapshot), staged, w, connector, open, call, {});
    phased = &connector;
  }
  return run(caller, purchase_id, *phased, open, std::move(call));
}

CallResult AcquirerCalls::run_at_once(const Caller& caller, const std::string& purchase_id,
                                      connectors::Connector& connector, const OpenIntent& open,
                                      const CallConnector& call, const ResultExtras& extras) {
  std::lock_guard one_at_a_time(stripe_of(purchase_id));
  StagedWrite staged;
  auto snapshot = services_.store.read();
  staged.read_through(snapshot.get());
  PurchaseWriter w(staged, caller, purchase_id);
  return finish_at_once(std::move(snapshot), staged, w, connector, open, call, extras);
}

CallResult AcquirerCalls::finish_at_once(std::unique_ptr<store::ReadView> snapshot, StagedWrite& staged,
                                         PurchaseWriter& w, connectors::Connector& connector, const OpenIntent& open,
                                         const CallConnector& call, const ResultExtras& extras) {
  const std::string& purchase_id = w.purchase().id;
  open_intent(w, connector, open);  // nothing called, nothing written when it throws
  connectors::Outcome outcome;
  try {
    outcome = call(connector, w.purchase());
  } catch (const std::exception& e) {
    // In this process there is no lost answer to ask about: the call did not happen.
    spdlog::warn("connector {} failed on purchase {}: {}", connector.name(), purchase_id, e.what());
    outcome = connectors::Outcome::declined(connectors::DeclineReason::connection_error);
  }
  TENDER_ASSERT(!outcome.pending, "at_once_answered", "purchase {}: connector {} left an operation pending",
                purchase_id, connector.name());
  record_result(services_, w, outcome, services_.clock.now_seconds(), extras);
  w.save();
  staged.read_through(nullptr);
  snapshot.reset();  // no read snapshot held while the writer is waited for
  try {
    services_.store.write([&](store::WriteTxn& tx) { staged.replay(tx); });
  } catch (const store::VersionConflict&) {
    throw EngineError(ErrorKind::conflict, "purchase_changed",
                      "The purchase changed while the operation ran; read it again and retry.");
  }
  return CallResult{outcome, std::move(w.purchase())};
}

CallResult AcquirerCalls::run(const Caller& caller, const std::string& purchase_id, connectors::Connector& connector,
                              const OpenIntent& open, CallConnector call, ResultExtras extras) {
  Purchase intent = write_intent(caller, purchase_id, connector, open);
  const std::string intent_id = intent.intent.id;
  // The call's task may outlive this wait (a slow acquirer): it holds the answer with us.
  struct Answer {
    connectors::Outcome outcome;  // written before `ready` is signalled
    util::Wakeup ready;
  };
  auto done = std::make_shared<Answer>();
  {
    std::lock_guard lock(running_mutex_);
    ++running_;
  }
  const bool queued = slots_.post(caller.company_id, [this, caller, purchase_id, intent_id, intent = std::move(intent),
                                                      call = std::move(call), extras, &connector, done]() {
    connectors::Outcome outcome;
    try {
      outcome = call(connector, intent);
    } catch (const std::exception& e) {
      spdlog::warn("connector {} failed on purchase {}: {}", connector.name(), purchase_id, e.what());
      outcome = outcome_of_lost_answer(connector, intent_id);
    }
    try {
      if (!outcome.pending) record(caller, purchase_id, intent_id, outcome, extras);
    } catch (const std::exception& e) {
      spdlog::error("recording the acquirer's answer for purchase {} failed: {}", purchase_id, e.what());
    }
    done->outcome = outcome;
    done->ready.signal();
    call_finished();
  });
  if (!queued) {
    // The company's queue is full: the call is never made, so the operation failed as a
    // connection that could not be opened would have, and its intent is closed with that answer.
    call_finished();
    spdlog::warn("company {} has too many acquirer calls waiting; purchase {} not sent", caller.company_id,
                 purchase_id);
    const auto refused = connectors::Outcome::declined(connectors::DeclineReason::connection_error);
    record(caller, purchase_id, intent_id, refused, extras);
    return CallResult{refused, reload(caller, purchase_id)};
  }

  const auto wait = std::chrono::milliseconds(services_.options.acquirer_wait_ms);
  if (done->ready.wait_for(wait)) {
    const connectors::Outcome outcome = done->outcome;
    if (outcome.pending) mark_slow(caller, purchase_id, intent_id);
    auto stored = reload(caller, purchase_id);
    if (!outcome.pending && stored.intent.id == intent_id) {
      // The answer came but writing it failed: write it here (a no-op once the intent is closed), or
      // fail the request. Never answer with a result that is not durable.
      record(caller, purchase_id, intent_id, outcome, extras);
      stored = reload(caller, purchase_id);
    }
    return CallResult{outcome.pending ? std::nullopt : std::optional(outcome), std::move(stored)};
  }
  mark_slow(caller, purchase_id, intent_id);
  return CallResult{std::nullopt, reload(caller, purchase_id)};
}

}  // namespace tender::engine
