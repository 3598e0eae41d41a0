#include "engine/challenges.hpp"

#include "cards/card_number.hpp"
#include "engine/ids.hpp"

namespace tender::engine {

void ChallengeStore::prune_locked() {
  auto now = std::chrono::steady_clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now - it->second.created > kTimeToLive) it = pending_.erase(it);
    else ++it;
  }
}

std::string ChallengeStore::add(PendingChallenge challenge) {
  std::lock_guard lock(mutex_);
  prune_locked();
  if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());  // a flood cannot grow memory
  challenge.created = std::chrono::steady_clock::now();
  auto id = new_id();
  pending_.emplace(id, std::move(challenge));
  return id;
}

std::optional<PendingChallenge> ChallengeStore::take(const std::string& purchase_id, const std::string& id) {
  std::lock_guard lock(mutex_);
  prune_locked();
  auto it = pending_.find(id);
  if (it == pending_.end() || it->second.purchase_id != purchase_id) return std::nullopt;
  auto c = std::move(it->second);
  pending_.erase(it);
  return c;
}

std::optional<std::string> ChallengeStore::masked_pan(const std::string& purchase_id, const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(id);
  if (it == pending_.end() || it->second.purchase_id != purchase_id) return std::nullopt;
  return cards::mask_pan(it->second.card.pan);
}

}  // namespace tender::engine
