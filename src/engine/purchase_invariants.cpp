#include "engine/purchase_invariants.hpp"

#include "util/invariant.hpp"

namespace tender::engine {

void check_invariants(const Purchase& p) {
  TENDER_ASSERT(p.captured_minor >= 0 && p.captured_minor <= p.total_minor, "captured_within_authorized",
                "purchase {}: captured {} of authorized {}", p.id, p.captured_minor, p.total_minor);
  TENDER_ASSERT(p.refunded_minor >= 0 && p.refunded_minor <= p.captured_minor, "refunded_within_captured",
                "purchase {}: refunded {} of captured {}", p.id, p.refunded_minor, p.captured_minor);
  TENDER_ASSERT(p.charged_back_minor >= 0 && p.charged_back_minor <= p.captured_minor - p.refunded_minor,
                "charged_back_within_captured", "purchase {}: charged back {}", p.id, p.charged_back_minor);
  if (p.payment) {
    const auto& m = *p.payment;
    TENDER_ASSERT(m.fee_amount_minor >= 0 && m.fee_amount_minor <= m.amount_minor, "fee_within_amount",
                  "purchase {}: fee {} of amount {}", p.id, m.fee_amount_minor, m.amount_minor);
    TENDER_ASSERT(m.pending_amount_minor != 0 || m.net_amount_minor + m.fee_amount_minor == m.amount_minor,
                  "net_plus_fee_is_amount", "purchase {}: net {} + fee {} != amount {}", p.id, m.net_amount_minor,
                  m.fee_amount_minor, m.amount_minor);
  }
  TENDER_ASSERT(p.transaction_data.attempts.size() <= kMaxAttempts, "attempts_bounded", "purchase {}: {} attempts",
                p.id, p.transaction_data.attempts.size());
  TENDER_ASSERT(p.status_history.size() <= kMaxStatusHistory, "status_history_bounded",
                "purchase {}: {} status changes", p.id, p.status_history.size());
  TENDER_ASSERT(p.intent.open() == !p.intent.id.empty(), "intent_has_id", "purchase {}: intent {} with id '{}'", p.id,
                to_string(p.intent.operation), p.intent.id);
}

}  // namespace tender::engine
