// Refund: money captured goes back to the payer, whole or in part, each refund its own object.
#include <boost/json.hpp>

#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/intent_result.hpp"
#include "engine/ledger.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/refund_record.hpp"

namespace tender::engine {

namespace bj = boost::json;

Purchase LifecycleCommands::refund(const Caller& caller, const std::string& id, std::optional<std::int64_t> amount,
                                   std::string* refund_id) {
  auto new_refund_id = new_id();  // chosen up front so the caller learns which refund is its own
  if (refund_id) *refund_id = new_refund_id;
  auto open = [&](PurchaseWriter& w, Intent& intent) {
    const auto& p = w.purchase();
    if (!is_refundable(p.status))
      throw EngineError(ErrorKind::invalid_state, "purchase_refund_error",
                        "A purchase in status '" + std::string(to_string(p.status)) + "' cannot be refunded.");
    const std::int64_t refundable = p.refundable_minor();
    if (refundable <= 0)
      throw EngineError(ErrorKind::invalid_state, "purchase_refund_error", "Nothing is left to refund on this purchase.");
    intent.operation = PendingOperation::refund;
    intent.amount_minor = checked_amount(amount, refundable, "refundable");
    intent.detail = new_refund_id;
  };
  auto call = [](connectors::Connector& c, const Purchase& p) {
    return c.refund({p.intent.id, p.transaction_data.processing_tx_id, p.intent.amount_minor, p.currency});
  };
  return follow_up(caller, id, "purchase_refund_error", open, call);
}

void record_refund(const EngineServices&, PurchaseWriter& w, const Intent& intent, const connectors::Outcome& outcome,
                   std::int64_t now) {
  if (!outcome.approved) return abandon_pending_status(w, now);
  auto& p = w.purchase();
  const std::int64_t amount = intent.amount_minor;
  w.apply(Operation::refund_succeed, now, RelatedObject{"payment", intent.detail});
  Refund r{intent.detail, p.id, p.company_id, amount, p.currency, "success", now};
  store::Record rec{kRefundKind, r.id, r.company_id, "", r.status, now, 0,
                    bj::serialize(bj::object{{"purchase_id", r.purchase_id}, {"amount", r.amount_minor}, {"currency", r.currency}})};
  w.tx().put(rec, 0);
  w.tx().post(refund_postings(p, amount, now));
  p.refunded_minor += amount;
}

namespace {

// A refund record names its purchase and company; one that names others is not this purchase's.
bool belongs_to(const Refund& r, const Purchase& purchase) {
  return r.purchase_id == purchase.id && r.company_id == purchase.company_id;
}

}  // namespace

std::vector<Refund> LifecycleCommands::refunds_of(const Caller& caller, const std::string& purchase_id) {
  return refunds_of(load(caller, purchase_id));
}

std::vector<Refund> LifecycleCommands::refunds_of(const Purchase& purchase) {
  std::vector<Refund> out;
  std::unique_ptr<store::ReadView> view;  // opened at the first refund
  for (const auto& h : purchase.status_history) {
    if (!h.related_object || h.related_object->type != "payment") continue;
    if (!view) view = services_.store.read();
    auto r = read_refund(*view, h.related_object->id);
    if (r && belongs_to(*r, purchase)) out.push_back(std::move(*r));
  }
  return out;
}

std::optional<Refund> LifecycleCommands::refund_of(const Purchase& purchase, const std::string& refund_id) {
  auto r = read_refund(*services_.store.read(), refund_id);
  if (!r || !belongs_to(*r, purchase)) return std::nullopt;
  return r;
}

}  // namespace tender::engine
