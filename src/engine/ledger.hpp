#pragma once
// The double-entry ledger. Each money movement is one ledger transaction of postings that sum to
// zero per currency (debit positive, credit negative), written in the same store transaction as
// the purchase change it accounts for. Accounts, per company and currency:
//   payer_funds         the card networks' side: money that came from (or went back to) payers
//   merchant_held       authorized holds not yet captured or released
//   merchant_available  captured money owed to the merchant, net of fees, less refunds
//   fees                the gateway's fee income
// Refunds are taken from merchant_available; fees are not returned on refund.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/caller.hpp"
#include "engine/purchase.hpp"
#include "store/store.hpp"

namespace tender::engine {

namespace accounts {
inline constexpr const char* payer_funds = "payer_funds";
inline constexpr const char* merchant_held = "merchant_held";
inline constexpr const char* merchant_available = "merchant_available";
inline constexpr const char* fees = "fees";
}  // namespace accounts

// An immediate payment (execute or recurring charge): amount moves to the merchant less fee.
std::vector<store::Posting> payment_postings(const Purchase& p, std::int64_t amount, std::int64_t fee, std::int64_t now);
// A hold is placed (pending transfer).
std::vector<store::Posting> hold_postings(const Purchase& p, std::int64_t held, std::int64_t now);
// A hold is captured for `captured` (≤ held); the rest goes back to the payer.
std::vector<store::Posting> capture_postings(const Purchase& p, std::int64_t held, std::int64_t captured,
                                             std::int64_t fee, std::int64_t now);
// A hold is released whole.
std::vector<store::Posting> release_postings(const Purchase& p, std::int64_t held, std::int64_t now);
std::vector<store::Posting> refund_postings(const Purchase& p, std::int64_t amount, std::int64_t now);
// The card network takes back what the merchant still holds of this purchase.
std::vector<store::Posting> chargeback_postings(const Purchase& p, std::int64_t amount, std::int64_t now);

struct LedgerCheck {
  std::size_t purchases = 0;
  std::size_t postings = 0;
  std::vector<std::string> problems;  // empty when every invariant holds
  bool ok() const { return problems.empty(); }
};

// Every transaction sums to zero; every purchase's captured − refunded equals its merchant
// balance (available + fees); its held balance equals the open hold.
LedgerCheck check_ledger(store::ReadView& view);

// Reports on the caller's own company only (the balance and statement endpoints).
std::vector<store::ReadView::AccountBalance> company_balances(store::Store& store, const Caller& caller);
// Postings with from <= created_on <= to, at most `limit`.
std::vector<store::Posting> company_postings(store::Store& store, const Caller& caller, std::int64_t from,
                                             std::int64_t to, std::size_t limit);

}  // namespace tender::engine
