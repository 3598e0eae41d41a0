#pragma once
// Reads, changes and writes one purchase inside a store transaction: the one path of every state
// change. Status changes go through the state machine; a transition the table refuses here is an
// invariant violation (the command must have checked with allows() or the predicates first and
// answered the caller with an error), so it stops the process rather than being dropped.
#include <optional>
#include <string>
#include <vector>

#include "engine/caller.hpp"
#include "engine/purchase.hpp"
#include "engine/state_machine.hpp"
#include "store/store.hpp"

namespace tender::engine {

inline constexpr const char* kPurchaseKind = "purchase";

class PurchaseWriter {
 public:
  // Throws not_found unless the purchase exists and belongs to the caller's company.
  PurchaseWriter(store::WriteTxn& tx, const Caller& caller, const std::string& id);
  // A purchase that does not exist yet (version 0): save() inserts it.
  PurchaseWriter(store::WriteTxn& tx, Purchase fresh);
  Purchase& purchase() { return purchase_; }
  store::WriteTxn& tx() { return tx_; }
  bool allows(Operation op) const { return engine::allows(purchase_.status, op); }
  // Applies `op` through the state machine and queues its event. Asserts the table allows it.
  void apply(Operation op, std::int64_t now, std::optional<RelatedObject> related = std::nullopt);
  // Queues an event that is not a transition's (purchase.created), written by save() in order.
  void queue_event(std::string event_type) { events_.push_back(std::move(event_type)); }
  // Checks the purchase's invariants (purchase_invariants.hpp), then writes it and its queued
  // events. Asserts the stored version is the one read: the writer is the only one in its
  // transaction, so anything else is a broken serialization.
  void save();

 private:
  void mark_intent();  // puts or removes the open-intent marker when the intent opened or closed

  store::WriteTxn& tx_;
  Purchase purchase_;
  bool intent_was_open_ = false;  // as loaded
  std::vector<std::string> events_;
};

store::OutboxEvent purchase_event(const Purchase& purchase, const std::string& event_type, std::int64_t now);
void append_purchase_event(store::WriteTxn& tx, const Purchase& purchase, const std::string& event_type,
                           std::int64_t now);
store::Record purchase_record(const Purchase& purchase);
std::optional<Purchase> load_purchase(store::ReadView& view, const Caller& caller, const std::string& id);
// The caller's purchase, read from a fresh snapshot; not_found() when it has none by that id.
Purchase read_purchase(store::Store& store, const Caller& caller, const std::string& id);
// By id alone, whatever the company (payer pages, recovery, timers): nullopt when unknown.
std::optional<Purchase> find_purchase(store::ReadView& view, const std::string& id);
// The caller a system task acts as for this purchase (its company and mode).
Caller system_caller(const Purchase& purchase);

}  // namespace tender::engine
