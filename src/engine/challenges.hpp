#pragma once
// 3-D Secure challenges waiting for the payer. The card data needed to authorize after the
// challenge lives only here, in memory, never in the store: a restart drops pending challenges
// and the payer simply pays again. Bounded in count and time, and fairly: a flood of payment
// attempts on one purchase (anyone can post to its Direct Post URL) only replaces that purchase's
// own challenges, and one company's payers cannot push out another company's.
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "connectors/connector.hpp"

namespace tender::engine {

struct PendingChallenge {
  std::string purchase_id;
  connectors::CardData card;
  bool remember_card = false;
  std::string flow;
  std::string client_ip;
  std::chrono::steady_clock::time_point created;
  std::string company_id;
};

class ChallengeStore {
 public:
  static constexpr std::size_t kMaxPending = 10000;     // in all
  static constexpr std::size_t kMaxPerCompany = 1000;   // a company's payers
  static constexpr std::size_t kMaxPerPurchase = 3;     // a new one replaces the purchase's oldest
  static constexpr std::chrono::minutes kTimeToLive{15};

  // Returns the challenge id. When a bound is reached, the oldest challenge of the same purchase,
  // else of the same company, else of all, is dropped.
  std::string add(PendingChallenge challenge);
  // Removes and returns the challenge when it exists, belongs to the purchase and is not stale.
  std::optional<PendingChallenge> take(const std::string& purchase_id, const std::string& id);
  // The masked card number of a pending challenge, for the ACS page.
  std::optional<std::string> masked_pan(const std::string& purchase_id, const std::string& id);
  std::size_t size();

 private:
  // The challenges of one purchase, one company or all, oldest first. `ids` may still hold ids
  // already removed (they are skipped, and compacted away); `live` counts the others.
  struct Index {
    std::deque<std::string> ids;
    std::size_t live = 0;
  };
  void prune_locked(std::chrono::steady_clock::time_point now);
  void erase_locked(const std::string& id);
  void drop_oldest_locked(Index& index);  // removes its oldest live challenge
  void push_locked(Index& index, const std::string& id);

  std::mutex mutex_;
  std::map<std::string, PendingChallenge> pending_;
  Index all_;
  std::unordered_map<std::string, Index> by_purchase_;
  std::unordered_map<std::string, Index> by_company_;
};

}  // namespace tender::engine
