#include "store/postgres/record_checks.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "store/postgres/limits.hpp"

namespace tender::store::postgres::checks {

namespace {

void key(std::string_view field, const std::string& value, bool required) {
  if (required && value.empty()) throw std::invalid_argument(std::string(field) + " is empty");
  if (value.size() > kMaxKeyBytes) throw std::invalid_argument(std::string(field) + " is too long");
}

void document(std::string_view field, const std::string& value) {
  if (value.size() > kMaxDocumentBytes) throw std::invalid_argument(std::string(field) + " is too large");
}

}  // namespace

void record(const Record& r) {
  key("record.kind", r.kind, true);
  key("record.id", r.id, true);
  key("record.company_id", r.company_id, false);
  key("record.lookup", r.lookup, false);
  key("record.status", r.status, false);
  document("record.body", r.body);
}

void event(const OutboxEvent& e) {
  key("event.id", e.id, true);
  key("event.company_id", e.company_id, false);
  key("event.object_id", e.object_id, false);
  key("event.event_type", e.event_type, true);
  document("event.payload", e.payload);
}

void idempotency(const IdempotencyRecord& r) {
  key("idempotency.company_id", r.company_id, false);
  key("idempotency.key", r.key, true);
  key("idempotency.request_hash", r.request_hash, false);
  key("idempotency.response_content_type", r.response_content_type, false);
  document("idempotency.response_body", r.response_body);
}

void balanced(const std::vector<Posting>& legs) {
  std::map<std::pair<std::string, std::string>, std::int64_t> sums;
  for (const Posting& leg : legs) {
    key("posting.transaction_id", leg.transaction_id, true);
    key("posting.company_id", leg.company_id, false);
    key("posting.purchase_id", leg.purchase_id, false);
    key("posting.account", leg.account, true);
    key("posting.currency", leg.currency, true);
    key("posting.kind", leg.kind, true);
    std::int64_t& sum = sums[{leg.transaction_id, leg.currency}];
    if (__builtin_add_overflow(sum, leg.amount_minor, &sum)) {
      throw std::invalid_argument("posting amounts overflow in transaction " + leg.transaction_id);
    }
  }
  for (const auto& [k, sum] : sums) {
    if (sum != 0) throw std::invalid_argument("unbalanced ledger transaction " + k.first + " in " + k.second);
  }
}

}  // namespace tender::store::postgres::checks
