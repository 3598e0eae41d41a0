#pragma once
// The Money page's statement: the company's ledger postings in a period (the ledger's own period
// query, engine::company_postings), of the session's mode and optionally one currency.
//
// Every read here is bounded by the postings it may scan.
//
// Paging is by keyset on created_on, the one order the period query has (created_on, then write
// order): a page always ends between two seconds, never inside one, because every leg of a ledger
// transaction has the same created_on; the next page starts at the first second not shown.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/caller.hpp"
#include "store/store.hpp"

namespace tender::api::portal_pages {

inline constexpr std::size_t kStatementPageRows = 50;          // postings shown per page
inline constexpr std::size_t kStatementPageScan = 5'000;       // postings one page may read (both modes)
inline constexpr std::size_t kStatementTotalsScan = 20'000;    // postings the page totals may read
inline constexpr std::size_t kStatementCsvRows = 100'000;      // postings in one CSV download

struct StatementQuery {
  std::int64_t from_seconds = 0;  // both inclusive
  std::int64_t to_seconds = 0;
  std::string currency;           // empty: every currency
};

struct StatementRead {
  std::vector<store::Posting> rows;      // of the caller's mode, oldest first
  std::optional<std::int64_t> next_at;   // where the rest of the period starts; nullopt: all read
  std::size_t scanned = 0;               // postings read, of both modes
  // A single second held more postings than one store read returns: its rest was skipped.
  bool crowded_second = false;
};

// The caller's postings from `query.from_seconds`, until `max_rows` are kept (finishing the second
// reached) or `max_scanned` were read, whichever comes first.
StatementRead read_statement(store::Store& store, const engine::Caller& caller, const StatementQuery& query,
                             std::size_t max_rows, std::size_t max_scanned);

}  // namespace tender::api::portal_pages
