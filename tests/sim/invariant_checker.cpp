#include "invariant_checker.hpp"

#include <boost/json.hpp>

#include <map>

#include "engine/ledger.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/purchase.hpp"
#include "engine/purchase_writer.hpp"

namespace tender::sim {

namespace bj = boost::json;
using engine::Purchase;

namespace {

std::vector<Purchase> all_purchases(store::ReadView& view) {
  store::ListQuery q;
  q.kind = engine::kPurchaseKind;
  q.all_companies = true;
  q.limit = 100'000;
  std::vector<Purchase> out;
  for (const auto& r : view.list(q)) out.push_back(engine::purchase_from_storage(bj::parse(r.body).as_object()));
  return out;
}

std::string name(const Purchase& p) { return "purchase " + p.id + " (" + std::string(engine::to_string(p.status)) + ")"; }

void check_money(const Purchase& p, std::vector<std::string>& out) {
  if (p.captured_minor < 0 || p.captured_minor > p.total_minor)
    out.push_back(name(p) + ": captured " + std::to_string(p.captured_minor) + " outside 0.." + std::to_string(p.total_minor));
  if (p.refunded_minor < 0 || p.refunded_minor > p.captured_minor)
    out.push_back(name(p) + ": refunded " + std::to_string(p.refunded_minor) + " > captured " + std::to_string(p.captured_minor));
}

void check_promises(store::ReadView& view, const Purchase& p, const PurchaseModel& m, std::vector<std::string>& out) {
  for (auto s : m.acknowledged) {
    bool found = false;
    for (const auto& h : p.status_history) found = found || h.status == s;
    if (!found) out.push_back(name(p) + ": acknowledged status " + std::string(engine::to_string(s)) + " is not in its history");
  }
  if (p.refunded_minor < m.refunded_acknowledged)
    out.push_back(name(p) + ": refunded " + std::to_string(p.refunded_minor) + " < acknowledged " +
                  std::to_string(m.refunded_acknowledged));
  if (p.refunded_minor > m.refunded_possible)
    out.push_back(name(p) + ": refunded " + std::to_string(p.refunded_minor) + " > every refund asked once (" +
                  std::to_string(m.refunded_possible) + "): applied twice");
  if (p.captured_minor < m.captured_acknowledged)
    out.push_back(name(p) + ": captured " + std::to_string(p.captured_minor) + " < acknowledged " +
                  std::to_string(m.captured_acknowledged));
  for (const auto& id : m.refund_ids) {
    auto r = view.get(engine::kRefundKind, id);
    if (!r || r->status != "success") out.push_back(name(p) + ": acknowledged refund " + id + " is not stored as a success");
  }
}

void check_events(const Purchase& p, const OutboxConsumer& outbox, std::vector<std::string>& out) {
  static const std::vector<SeenEvent> none;
  auto it = outbox.seen().find(p.id);
  const auto& events = it == outbox.seen().end() ? none : it->second;
  // One event per status change (the table names one for every transition) plus purchase.created.
  // The payloads are snapshots as of their transaction's end (pay_now writes a purchase and its
  // payment in one), so only the last one must show the current status.
  std::string seen;
  std::size_t changes = 0;
  for (const auto& e : events) {
    seen += e.type + ":" + e.status + " ";
    if (e.type != "purchase.recurring_token_deleted") ++changes;  // the one event without a status change
  }
  if (changes != p.status_history.size() || events.back().status != engine::to_string(p.status))
    out.push_back(name(p) + ": events [" + seen + "] do not match its " + std::to_string(p.status_history.size()) +
                  " status changes");
}

}  // namespace

std::vector<std::string> InvariantChecker::check(store::Store& store, const ClientModel& model,
                                                 const OutboxConsumer& outbox) const {
  std::vector<std::string> out;
  auto view = store.read();
  for (auto& problem : engine::check_ledger(*view).problems) out.push_back("ledger: " + problem);

  std::map<std::string, Purchase> stored;
  std::map<std::string, int> per_reference;
  // Events are compared only when this snapshot holds none beyond what the consumer read: a call
  // answered late (a slow card) records its result from an acquirer thread, and that write may
  // land between the consumer's read and this one. A purchase and its events commit together, so
  // with nothing newer in the outbox every purchase here has had its events consumed.
  const bool events_comparable = outbox.drained() && view->outbox_after(outbox.cursor(), 1).empty();
  for (auto& p : all_purchases(*view)) {
    check_money(p, out);
    if (model.create_keys.count(p.reference) && ++per_reference[p.reference] > 1)
      out.push_back("create with idempotency key " + p.reference + " made more than one purchase");
    if (events_comparable) check_events(p, outbox, out);
    stored.emplace(p.id, std::move(p));
  }
  for (const auto& m : model.purchases) {
    auto it = stored.find(m.id);
    if (it == stored.end()) {
      out.push_back("acknowledged purchase " + m.id + " is not in the store");
      continue;
    }
    check_promises(*view, it->second, m, out);
  }
  return out;
}

std::vector<std::string> InvariantChecker::compare_with_acquirer(store::Store& store, const SimAcquirer& acquirer) const {
  std::vector<std::string> out;
  auto view = store.read();
  std::map<std::string, Purchase> by_reference;
  std::map<std::string, const Purchase*> open_intents;  // by intent id
  auto purchases = all_purchases(*view);
  for (const auto& p : purchases) {
    if (p.intent.open()) open_intents[p.intent.id] = &p;
    if (!p.transaction_data.processing_tx_id.empty() && p.connector == SimAcquirer::kName)
      by_reference[p.transaction_data.processing_tx_id] = p;
  }
  for (const auto& [reference, t] : acquirer.truth()) {
    if (t.status_lied || t.authorized_minor == 0 && !t.hold) continue;
    auto it = by_reference.find(reference);
    if (it == by_reference.end()) {
      // An authorization answered before anything was written, whose one transaction then never
      // committed (a crash): the documented loss of pay_now's single write (ARCHITECTURE.md).
      if (t.at_once || open_intents.count(t.operation_id)) continue;
      out.push_back("acquirer: authorization " + reference + " of " + std::to_string(t.authorized_minor) +
                    " approved, but no purchase of Tender holds it");
      continue;
    }
    const Purchase& p = it->second;
    if (p.intent.open()) continue;
    const bool tender_hold_open = engine::is_hold_open(p.status);
    const bool truth_hold_open = t.hold && !t.released && t.captured_minor == 0;
    if (tender_hold_open != truth_hold_open)
      out.push_back(name(p) + ": hold open at Tender " + (tender_hold_open ? "yes" : "no") + ", at the acquirer " +
                    (truth_hold_open ? "yes" : "no"));
    if (p.captured_minor != t.captured_minor)
      out.push_back(name(p) + ": captured " + std::to_string(p.captured_minor) + ", the acquirer captured " +
                    std::to_string(t.captured_minor));
    if (p.refunded_minor != t.refunded_minor)
      out.push_back(name(p) + ": refunded " + std::to_string(p.refunded_minor) + ", the acquirer refunded " +
                    std::to_string(t.refunded_minor));
  }
  return out;
}

}  // namespace tender::sim
