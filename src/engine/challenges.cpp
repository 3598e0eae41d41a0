#include "engine/challenges.hpp"

#include "cards/card_number.hpp"
#include "engine/ids.hpp"
#include "util/invariant.hpp"

namespace tender::engine {

namespace {

// Leaves `map[key]` when its last live challenge went, so the maps hold only keys in use.
template <class Map>
void release(Map& map, const std::string& key) {
  auto it = map.find(key);
  if (it == map.end()) return;
  if (--it->second.live == 0) map.erase(it);
}

}  // namespace

void ChallengeStore::push_locked(Index& index, const std::string& id) {
  index.ids.push_back(id);
  ++index.live;
  if (index.ids.size() > 4 * index.live + 16) {  // mostly removed ids: keep the live ones only
    std::deque<std::string> live;
    for (auto& x : index.ids)
      if (pending_.contains(x) || x == id) live.push_back(std::move(x));
    index.ids = std::move(live);
  }
}

void ChallengeStore::erase_locked(const std::string& id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  const std::string purchase_id = it->second.purchase_id, company_id = it->second.company_id;
  pending_.erase(it);
  release(by_purchase_, purchase_id);
  release(by_company_, company_id);
  --all_.live;
}

void ChallengeStore::drop_oldest_locked(Index& index) {
  while (!index.ids.empty()) {
    std::string id = std::move(index.ids.front());
    index.ids.pop_front();
    if (pending_.contains(id)) return erase_locked(id);
  }
}

void ChallengeStore::prune_locked(std::chrono::steady_clock::time_point now) {
  while (!all_.ids.empty()) {
    auto it = pending_.find(all_.ids.front());
    if (it != pending_.end() && now - it->second.created <= kTimeToLive) break;
    std::string id = std::move(all_.ids.front());
    all_.ids.pop_front();
    erase_locked(id);
  }
}

std::string ChallengeStore::add(PendingChallenge challenge) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  prune_locked(now);
  if (auto p = by_purchase_.find(challenge.purchase_id); p != by_purchase_.end() && p->second.live >= kMaxPerPurchase)
    drop_oldest_locked(p->second);
  if (auto c = by_company_.find(challenge.company_id); c != by_company_.end() && c->second.live >= kMaxPerCompany)
    drop_oldest_locked(c->second);
  if (pending_.size() >= kMaxPending) drop_oldest_locked(all_);
  challenge.created = now;
  auto id = new_id();
  const std::string purchase_id = challenge.purchase_id, company_id = challenge.company_id;
  pending_.emplace(id, std::move(challenge));
  push_locked(by_purchase_[purchase_id], id);
  push_locked(by_company_[company_id], id);
  push_locked(all_, id);
  TENDER_ASSERT(pending_.size() <= kMaxPending && all_.live == pending_.size(), "challenges_bounded",
                "{} pending challenges, {} counted", pending_.size(), all_.live);
  return id;
}

std::optional<PendingChallenge> ChallengeStore::take(const std::string& purchase_id, const std::string& id) {
  std::lock_guard lock(mutex_);
  prune_locked(std::chrono::steady_clock::now());
  auto it = pending_.find(id);
  if (it == pending_.end() || it->second.purchase_id != purchase_id) return std::nullopt;
  auto c = std::move(it->second);
  erase_locked(id);
  return c;
}

std::optional<std::string> ChallengeStore::masked_pan(const std::string& purchase_id, const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(id);
  if (it == pending_.end() || it->second.purchase_id != purchase_id) return std::nullopt;
  return cards::mask_pan(it->second.card.pan);
}

std::size_t ChallengeStore::size() {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

}  // namespace tender::engine
