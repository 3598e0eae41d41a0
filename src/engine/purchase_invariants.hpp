#pragma once
// What must hold of every purchase the engine writes, whatever the input: checked by
// PurchaseWriter::save before each write, in every build type (util/invariant.hpp). A violation
// stops the process before the write, so no broken state is ever stored.
#include "engine/purchase.hpp"

namespace tender::engine {

//   0 ≤ refunded ≤ captured ≤ authorized (the purchase total);  charged back ≤ captured − refunded
//   0 ≤ fee ≤ amount of the payment;  net + fee = amount
//   attempts ≤ kMaxAttempts;  status history ≤ kMaxStatusHistory
//   an open intent has an id and a time; a closed one has neither
void check_invariants(const Purchase& purchase);

}  // namespace tender::engine
