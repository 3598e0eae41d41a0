#include "engine/ledger.hpp"

#include <boost/json.hpp>
#include <map>

#include "engine/ids.hpp"
#include "engine/state_machine.hpp"
#include "util/invariant.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

struct Builder {
  Builder(const Purchase& purchase, std::string k, std::int64_t t) : p(purchase), kind(std::move(k)), now(t) {}
  const Purchase& p;
  std::string kind;
  std::int64_t now;
  std::string transaction_id = new_id();
  std::vector<store::Posting> legs;
  Builder& leg(const char* account, std::int64_t amount) {
    if (amount != 0) legs.push_back({transaction_id, p.company_id, p.id, account, p.currency, amount, kind, now, p.is_test});
    return *this;
  }
  // The legs of one balanced transaction: a posting set that does not sum to zero would create or
  // destroy money.
  std::vector<store::Posting> done() {
    std::int64_t sum = 0;
    for (const auto& l : legs) sum += l.amount_minor;
    TENDER_ASSERT(sum == 0, "posting_sums_to_zero", "{} of purchase {} sums to {}", kind, p.id, sum);
    return std::move(legs);
  }
};

// 0 <= part <= whole, for fees within amounts and captures within holds.
void check_within(std::int64_t part, std::int64_t whole, const char* name, const Purchase& p) {
  TENDER_ASSERT(part >= 0 && part <= whole, name, "purchase {}: {} not within 0..{}", p.id, part, whole);
}

}  // namespace

std::vector<store::Posting> payment_postings(const Purchase& p, std::int64_t amount, std::int64_t fee, std::int64_t now) {
  check_within(fee, amount, "fee_within_amount", p);
  Builder b{p, "payment", now};
  b.leg(accounts::payer_funds, -amount).leg(accounts::merchant_available, amount - fee).leg(accounts::fees, fee);
  return b.done();
}

std::vector<store::Posting> hold_postings(const Purchase& p, std::int64_t held, std::int64_t now) {
  Builder b{p, "authorization", now};
  b.leg(accounts::payer_funds, -held).leg(accounts::merchant_held, held);
  return b.done();
}

std::vector<store::Posting> capture_postings(const Purchase& p, std::int64_t held, std::int64_t captured,
                                             std::int64_t fee, std::int64_t now) {
  check_within(captured, held, "captured_within_authorized", p);
  check_within(fee, captured, "fee_within_amount", p);
  Builder b{p, "capture", now};
  b.leg(accounts::merchant_held, -held)
      .leg(accounts::merchant_available, captured - fee)
      .leg(accounts::fees, fee)
      .leg(accounts::payer_funds, held - captured);
  return b.done();
}

std::vector<store::Posting> release_postings(const Purchase& p, std::int64_t held, std::int64_t now) {
  Builder b{p, "release", now};
  b.leg(accounts::merchant_held, -held).leg(accounts::payer_funds, held);
  return b.done();
}

std::vector<store::Posting> chargeback_postings(const Purchase& p, std::int64_t amount, std::int64_t now) {
  Builder b{p, "chargeback", now};
  b.leg(accounts::merchant_available, -amount).leg(accounts::payer_funds, amount);
  return b.done();
}

std::vector<store::Posting> refund_postings(const Purchase& p, std::int64_t amount, std::int64_t now) {
  Builder b{p, "refund", now};
  b.leg(accounts::merchant_available, -amount).leg(accounts::payer_funds, amount);
  return b.done();
}

LedgerCheck check_ledger(store::ReadView& view) {
  LedgerCheck check;
  store::ListQuery q;
  q.kind = "purchase";
  q.all_companies = true;
  q.limit = 1000;
  while (true) {
    auto page = view.list(q);
    for (const auto& r : page) {
      auto p = purchase_from_storage(r.body);
      ++check.purchases;
      std::map<std::string, std::int64_t> per_transaction;
      std::int64_t merchant = 0, held = 0;
      for (const auto& leg : view.postings_for_purchase(p.id)) {
        ++check.postings;
        per_transaction[leg.transaction_id + "/" + leg.currency] += leg.amount_minor;
        if (leg.account == accounts::merchant_available || leg.account == accounts::fees) merchant += leg.amount_minor;
        if (leg.account == accounts::merchant_held) held += leg.amount_minor;
        if (leg.currency != p.currency) check.problems.push_back("purchase " + p.id + ": posting in another currency");
        if (leg.is_test != p.is_test) check.problems.push_back("purchase " + p.id + ": posting in another mode");
      }
      for (const auto& [tx, sum] : per_transaction)
        if (sum != 0) check.problems.push_back("transaction " + tx + " sums to " + std::to_string(sum));
      if (merchant != p.captured_minor - p.refunded_minor - p.charged_back_minor)
        check.problems.push_back("purchase " + p.id + ": merchant balance " + std::to_string(merchant) +
                                 " but captured - refunded - charged back = " +
                                 std::to_string(p.captured_minor - p.refunded_minor - p.charged_back_minor));
      std::int64_t open_hold = is_hold_open(p.status) ? p.total_minor : 0;
      if (held != open_hold)
        check.problems.push_back("purchase " + p.id + ": held " + std::to_string(held) + " but open hold " + std::to_string(open_hold));
      if (p.refunded_minor > p.captured_minor || p.captured_minor > p.total_minor)
        check.problems.push_back("purchase " + p.id + ": moved more than its total");
    }
    if (page.size() < q.limit) break;
    q.after_created_on = page.back().created_on;
    q.after_id = page.back().id;
  }
  return check;
}

std::vector<store::ReadView::AccountBalance> company_balances(store::Store& store, const Caller& caller) {
  return store.read()->balances(caller.company_id, caller.is_test);
}

std::vector<store::Posting> company_postings(store::Store& store, const Caller& caller, std::int64_t from,
                                             std::int64_t to, std::size_t limit) {
  return store.read()->postings_for_company(caller.company_id, caller.is_test, from, to, limit);
}

}  // namespace tender::engine
