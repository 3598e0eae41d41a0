#pragma once
// The invariants checked after every step of the simulation (and, for the acquirer's truth, once
// recovery has run with nothing left in flight):
//   - the ledger balances (engine::check_ledger over the whole store);
//   - per purchase: captured <= total (authorized), refunded <= captured;
//   - every acknowledged answer is durable: the purchase exists, each acknowledged status is in its
//     history, acknowledged captures and refunds (and each refund's record) are there;
//   - nothing is applied twice: refunded <= what was acknowledged plus the unanswered refunds,
//     each counted once however often it was retried; one purchase per create idempotency key;
//   - the outbox: no gap before the consumer's cursor (retention never purges an unconsumed
//     event), and once the consumer has drained it, each purchase's events are its status
//     history, in order, none lost and none extra;
//   - the acquirer's truth and Tender agree (compare_with_acquirer).
#include <string>
#include <vector>

#include "client_model.hpp"
#include "outbox_consumer.hpp"
#include "sim_acquirer.hpp"
#include "store/store.hpp"

namespace tender::sim {

class InvariantChecker {
 public:
  // Every invariant but the acquirer's; returns the violations (empty: all hold).
  std::vector<std::string> check(store::Store& store, const ClientModel& model, const OutboxConsumer& outbox) const;
  // Tender's purchases against what the acquirer did. Only meaningful once every intent that can
  // be resolved has been (after recovery, with no answer held back and nothing pending).
  std::vector<std::string> compare_with_acquirer(store::Store& store, const SimAcquirer& acquirer) const;
};

}  // namespace tender::sim
