#include "api/portal/money_statement.hpp"

#include <boost/json.hpp>
#include <memory>
#include <unordered_map>

#include "engine/ledger.hpp"
#include "engine/purchase_writer.hpp"
#include "json/access.hpp"

namespace tender::api::portal_pages {

namespace {

namespace bj = boost::json;

// Postings per store read. A read that is one second only (more than this many legs written in
// one second) cannot end between two seconds: the rest of that second is skipped and said so.
constexpr std::size_t kPostingsBatch = 2'000;

// The mode of each posting's purchase, each purchase read once.
class PurchaseModes {
 public:
  // True when the posting belongs to the mode `is_test`. A posting whose purchase cannot be read
  // (none is written without one today) cannot be told apart, so it is in both modes.
  bool in_mode(store::ReadView& view, const std::string& purchase_id, bool is_test) {
    if (purchase_id.empty()) return true;
    auto it = known_.find(purchase_id);
    if (it == known_.end()) {
      std::optional<bool> test;
      if (auto r = view.get(engine::kPurchaseKind, purchase_id))
        if (auto body = bj::parse(r->body); body.is_object()) test = json::flag(body.as_object(), "is_test");
      it = known_.emplace(purchase_id, test).first;
    }
    return !it->second || *it->second == is_test;
  }

 private:
  std::unordered_map<std::string, std::optional<bool>> known_;
};

}  // namespace

StatementRead read_statement(store::Store& store, const engine::Caller& caller, const StatementQuery& query,
                             std::size_t max_rows, std::size_t max_scanned) {
  StatementRead out;
  PurchaseModes modes;
  std::int64_t at = query.from_seconds;
  while (at <= query.to_seconds) {
    if (out.scanned >= max_scanned) {
      out.next_at = at;
      return out;
    }
    auto batch = engine::company_postings(store, caller, at, query.to_seconds, kPostingsBatch);
    std::size_t usable = batch.size();
    std::optional<std::int64_t> next_read;  // where the next store read starts; nullopt: the period is read
    if (batch.size() == kPostingsBatch) {
      const auto last = batch.back().created_on;
      if (batch.front().created_on == last) {
        out.crowded_second = true;
        next_read = last + 1;
      } else {
        while (batch[usable - 1].created_on == last) --usable;  // the next read has that second whole
        next_read = last;
      }
    }
    // A read view of its own, opened after the postings' one has closed: never two at once, so a
    // small connection pool cannot be exhausted by one request.
    auto view = store.read();
    for (std::size_t i = 0; i < usable;) {
      const auto second = batch[i].created_on;
      if (out.rows.size() >= max_rows) {
        out.next_at = second;
        return out;
      }
      for (; i < usable && batch[i].created_on == second; ++i) {
        ++out.scanned;
        const auto& leg = batch[i];
        if (!query.currency.empty() && leg.currency != query.currency) continue;
        if (modes.in_mode(*view, leg.purchase_id, caller.is_test)) out.rows.push_back(leg);
      }
    }
    if (!next_read) return out;
    at = *next_read;
  }
  return out;
}

}  // namespace tender::api::portal_pages
