#include "engine/purchase_writer.hpp"

#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/purchase_invariants.hpp"
#include "util/invariant.hpp"

namespace tender::engine {

namespace bj = boost::json;

store::Record purchase_record(const Purchase& p) {
  return store::Record{kPurchaseKind, p.id, p.company_id, "", std::string(to_string(p.status)),
                       p.created_on, p.version, bj::serialize(to_storage(p))};
}

std::optional<Purchase> find_purchase(store::ReadView& view, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  auto r = view.get(kPurchaseKind, id);
  if (!r) return std::nullopt;
  auto p = purchase_from_storage(r->body);
  p.version = r->version;
  return p;
}

std::optional<Purchase> load_purchase(store::ReadView& view, const Caller& caller, const std::string& id) {
  auto p = find_purchase(view, id);
  // Test and live are two worlds: a key sees and acts on its own mode's purchases only.
  if (!p || p->company_id != caller.company_id || p->is_test != caller.is_test) return std::nullopt;
  return p;
}

Purchase read_purchase(store::Store& store, const Caller& caller, const std::string& id) {
  auto view = store.read();
  auto p = load_purchase(*view, caller, id);
  if (!p) throw not_found();
  return std::move(*p);  // a copy would duplicate the client and details documents
}

Caller system_caller(const Purchase& p) { return Caller{p.company_id, p.is_test, ""}; }

namespace {

// `snapshot` is the purchase's stored document (each dialect renders it on delivery).
store::OutboxEvent snapshot_event(const Purchase& purchase, const std::string& event_type, std::int64_t now,
                                  std::string snapshot) {
  store::OutboxEvent e;
  // Time-ordered: the outbox's id index is then appended to, not written at a random page.
  e.id = new_time_ordered_id();
  e.company_id = purchase.company_id;
  e.object_id = purchase.id;
  e.event_type = event_type;
  e.payload = std::move(snapshot);
  e.created_on = now;
  return e;
}

}  // namespace

store::OutboxEvent purchase_event(const Purchase& purchase, const std::string& event_type, std::int64_t now) {
  return snapshot_event(purchase, event_type, now, bj::serialize(to_storage(purchase)));
}

void append_purchase_event(store::WriteTxn& tx, const Purchase& purchase, const std::string& event_type,
                           std::int64_t now) {
  auto event = purchase_event(purchase, event_type, now);
  tx.append(event);
}

PurchaseWriter::PurchaseWriter(store::WriteTxn& tx, const Caller& caller, const std::string& id) : tx_(tx) {
  auto p = load_purchase(tx, caller, id);
  if (!p) throw not_found();
  purchase_ = std::move(*p);
  intent_was_open_ = purchase_.intent.open();
}

PurchaseWriter::PurchaseWriter(store::WriteTxn& tx, Purchase fresh) : tx_(tx), purchase_(std::move(fresh)) {
  TENDER_ASSERT(purchase_.version == 0, "fresh_purchase_unsaved", "purchase {} has version {}", purchase_.id,
                purchase_.version);
}

void PurchaseWriter::apply(Operation op, std::int64_t now, std::optional<RelatedObject> related) {
  auto t = transition(purchase_.status, op);
  TENDER_ASSERT(t.has_value(), "transition_allowed", "purchase {}: the table refuses {} in status {}", purchase_.id,
                to_string(op), to_string(purchase_.status));
  purchase_.change_status(t->to, now, std::move(related));
  events_.emplace_back(t->event_type);
}

void PurchaseWriter::mark_intent() {
  const bool open = purchase_.intent.open();
  if (open && !intent_was_open_) {
    store::Record marker{kIntentKind, purchase_.id, purchase_.company_id, "", "", purchase_.intent.since, 0, "{}"};
    tx_.put(marker, 0);
  } else if (!open && intent_was_open_) {
    tx_.remove(kIntentKind, purchase_.id);
  }
  intent_was_open_ = open;
}

void PurchaseWriter::save() {
  check_invariants(purchase_);
  auto record = purchase_record(purchase_);
  const auto read_version = purchase_.version;
  try {
    tx_.put(record, read_version);
  } catch (const store::VersionConflict& e) {
    TENDER_ASSERT(false, "version_not_stale", "purchase {}: written over a newer version than the one read ({}): {}",
                  purchase_.id, read_version, e.what());
  }
  purchase_.version = record.version;
  mark_intent();
  // Every event of this save carries the document just written: serialized once.
  for (const auto& type : events_) {
    auto event = snapshot_event(purchase_, type, purchase_.updated_on, record.body);
    tx_.append(event);
  }
  events_.clear();
}

}  // namespace tender::engine
