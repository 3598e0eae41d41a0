#pragma once
// 3-D Secure challenges waiting for the payer. The card data needed to authorize after the
// challenge lives only here, in memory, never in the store: a restart drops pending challenges
// and the payer simply pays again. Bounded in count and time.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/connector.hpp"

namespace tender::engine {

struct PendingChallenge {
  std::string purchase_id;
  connectors::CardData card;
  bool remember_card = false;
  std::string flow;
  std::string client_ip;
  std::chrono::steady_clock::time_point created;
};

class ChallengeStore {
 public:
  static constexpr std::size_t kMaxPending = 10000;
  static constexpr std::chrono::minutes kTimeToLive{15};

  std::string add(PendingChallenge challenge);  // returns the challenge id
  // Removes and returns the challenge when it exists, belongs to the purchase and is not stale.
  std::optional<PendingChallenge> take(const std::string& purchase_id, const std::string& id);
  // The masked card number of a pending challenge, for the ACS page.
  std::optional<std::string> masked_pan(const std::string& purchase_id, const std::string& id);

 private:
  void prune_locked();
  std::mutex mutex_;
  std::map<std::string, PendingChallenge> pending_;
};

}  // namespace tender::engine
