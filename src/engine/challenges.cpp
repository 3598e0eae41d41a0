#include "engine/challenges.hpp"

#include <boost/json.hpp>

#include "cards/card_number.hpp"
#include "engine/ids.hpp"
#include "engine/timers.hpp"
#include "json/access.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

// The challenges of one purchase (status = purchase id) or one company, newest first.
std::vector<store::Record> pending_of(store::ReadView& view, const std::string& company_id,
                                      const std::string& purchase_id, std::size_t limit) {
  store::ListQuery q;
  q.kind = kChallengeKind;
  q.company_id = company_id;
  if (!purchase_id.empty()) q.statuses = {purchase_id};
  q.limit = limit;
  return view.list(q);
}

// Removes the oldest of `newest_first` until fewer than `keep` are left.
void trim(store::WriteTxn& tx, const std::vector<store::Record>& newest_first, std::size_t keep) {
  for (std::size_t n = newest_first.size(); n >= keep && n > 0; --n) tx.remove(kChallengeKind, newest_first[n - 1].id);
}

std::string context_of(const std::string& id, const std::string& purchase_id) { return id + ":" + purchase_id; }

}  // namespace

std::string ChallengeStore::add(PendingChallenge c) {
  const auto now = clock_.now_seconds();
  const auto id = new_time_ordered_id();  // the oldest of one second is trimmed first
  store::Record r{kChallengeKind, id, c.company_id, "", c.purchase_id, now, 0,
                  bj::serialize(bj::object{{"purchase_id", c.purchase_id},
                                           {"card", vault_.seal_transient(c.card, context_of(id, c.purchase_id))},
                                           {"masked_pan", cards::mask_pan(c.card.pan)},
                                           {"remember_card", c.remember_card},
                                           {"flow", c.flow},
                                           {"client_ip", c.client_ip}})};
  store_.write([&](store::WriteTxn& tx) {
    store::ListQuery expired;
    expired.kind = kChallengeKind;
    expired.all_companies = true;
    expired.created_to = now - limits_.time_to_live_seconds;
    expired.limit = limits_.purge_per_add;
    for (const auto& old : tx.list(expired)) tx.remove(kChallengeKind, old.id);
    trim(tx, pending_of(tx, c.company_id, c.purchase_id, limits_.per_purchase), limits_.per_purchase);
    trim(tx, pending_of(tx, c.company_id, "", limits_.per_company), limits_.per_company);
    tx.put(r, 0);
    if (c.fails_purchase_when_unanswered)
      arm_timer(tx, c.purchase_id, c.company_id, kChallengeExpiryTimer,
                now + limits_.time_to_live_seconds + limits_.expiry_grace_seconds);
  });
  return id;
}

std::optional<PendingChallenge> ChallengeStore::take(const std::string& purchase_id, const std::string& id) {
  std::optional<PendingChallenge> taken;
  store_.write([&](store::WriteTxn& tx) {
    taken.reset();  // the PostgreSQL store may run this again
    auto r = tx.get(kChallengeKind, id);
    if (!r || r->status != purchase_id) return;
    tx.remove(kChallengeKind, id);  // answered or expired, it goes: the card with it
    if (r->created_on + limits_.time_to_live_seconds < clock_.now_seconds()) return;
    auto o = bj::parse(r->body).as_object();
    // Sealed under another vault key (a node started with the wrong one): nothing to authorize with.
    auto card = vault_.open_transient(json::text(o, "card"), context_of(id, purchase_id));
    if (!card) return;
    taken = PendingChallenge{purchase_id, std::move(*card), json::flag(o, "remember_card"), json::text(o, "flow"),
                             json::text(o, "client_ip"), r->created_on, r->company_id};
  });
  return taken;
}

std::optional<std::string> ChallengeStore::masked_pan(const std::string& purchase_id, const std::string& id) {
  auto r = store_.read()->get(kChallengeKind, id);
  if (!r || r->status != purchase_id || r->created_on + limits_.time_to_live_seconds < clock_.now_seconds())
    return std::nullopt;
  return json::text(bj::parse(r->body).as_object(), "masked_pan");
}

std::optional<ChallengeSummary> ChallengeStore::newest(const std::string& company_id, const std::string& purchase_id) {
  auto view = store_.read();
  auto list = pending_of(*view, company_id, purchase_id, 1);
  if (list.empty()) return std::nullopt;
  const auto& r = list.front();
  auto o = bj::parse(r.body).as_object();
  const auto expires_at = r.created_on + limits_.time_to_live_seconds;
  return ChallengeSummary{r.id, json::text(o, "flow"), json::text(o, "client_ip"), expires_at,
                          expires_at < clock_.now_seconds()};
}

void ChallengeStore::drop_all(const std::string& company_id, const std::string& purchase_id) {
  store_.write([&](store::WriteTxn& tx) {
    for (const auto& r : pending_of(tx, company_id, purchase_id, limits_.per_purchase)) tx.remove(kChallengeKind, r.id);
  });
}

}  // namespace tender::engine
