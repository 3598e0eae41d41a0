#pragma once
// Argument checks of the write operations: the same limits and messages as the SQLite store's
// (store/sqlite/write_txn.cpp), so both backends refuse exactly the same inputs. Violations are
// caller bugs: std::invalid_argument.
#include <vector>

#include "store/store.hpp"

namespace tender::store::postgres::checks {

void record(const Record& r);
void event(const OutboxEvent& e);
void idempotency(const IdempotencyRecord& r);
// Double-entry invariant: within each transaction_id, legs sum to zero per currency.
void balanced(const std::vector<Posting>& legs);

}  // namespace tender::store::postgres::checks
