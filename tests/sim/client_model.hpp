#pragma once
// What the simulated clients know: their companies and keys, and for every purchase they created
// the answers they were given. An acknowledged answer is a promise (it must be durable, through
// any crash); an answer that never came (a failed commit, a crash) leaves the operation uncertain:
// it may or may not have happened, but at most once. The invariant checker holds the store to both.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/caller.hpp"
#include "engine/status.hpp"

namespace tender::sim {

struct SimClient {
  std::string company_id;
  std::string brand_id;
  engine::Caller test;
  engine::Caller live;
  const engine::Caller& caller(bool is_test) const { return is_test ? test : live; }
};

struct PurchaseModel {
  std::string id;
  std::size_t client = 0;
  bool is_test = true;
  std::int64_t total_minor = 0;
  bool skip_capture = false;
  std::set<engine::Status> acknowledged;   // statuses an acknowledged answer reported
  std::int64_t refunded_acknowledged = 0;  // refunds answered with success
  std::int64_t refunded_possible = 0;      // plus refunds whose answer never came (each counted once)
  std::int64_t captured_acknowledged = 0;
  std::vector<std::string> refund_ids;     // refunds answered with success
  std::optional<std::string> challenge_id; // a 3-D Secure challenge waiting for the payer
  bool remembered_card = false;            // paid with remember_card: a recurring token
};

struct ClientModel {
  std::vector<SimClient> clients;
  std::vector<PurchaseModel> purchases;
  std::set<std::string> create_keys;  // every create's idempotency key (the purchase's reference)

  PurchaseModel* find(const std::string& id) {
    for (auto& p : purchases)
      if (p.id == id) return &p;
    return nullptr;
  }
};

}  // namespace tender::sim
