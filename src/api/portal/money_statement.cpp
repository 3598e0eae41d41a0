#include "api/portal/money_statement.hpp"

#include "engine/ledger.hpp"

namespace tender::api::portal_pages {

namespace {

// Postings per store read. A read that is one second only (more than this many legs written in
// one second) cannot end between two seconds: the rest of that second is skipped and said so.
constexpr std::size_t kPostingsBatch = 2'000;

}  // namespace

StatementRead read_statement(store::Store& store, const engine::Caller& caller, const StatementQuery& query,
                             std::size_t max_rows, std::size_t max_scanned) {
  StatementRead out;
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
        out.rows.push_back(leg);  // the caller's mode only: company_postings reads one mode
      }
    }
    if (!next_read) return out;
    at = *next_read;
  }
  return out;
}

}  // namespace tender::api::portal_pages
