#pragma once
// The purchase list's search: the store filters what it indexes (company, status, creation time,
// keyset order) and the rest (mode, reference, client email, amount, currency) is matched while
// scanning, newest first. One page scans at most kMaxScannedPerSearch rows: a rare filter then
// returns a shorter page with a cursor to go on from, rather than reading the whole table.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/purchase.hpp"
#include "http/message.hpp"
#include "store/store.hpp"

namespace tender::api::portal_pages {

inline constexpr std::size_t kMaxScannedPerSearch = 5000;
inline constexpr std::size_t kPurchasesPerPage = 25;
inline constexpr std::size_t kMaxSearchTextBytes = 200;

struct PurchaseSearch {
  std::string reference;     // part of the reference (or the generated one), case-insensitive
  std::string client_email;  // part of the client's email, case-insensitive
  std::string amount;        // total in major units, e.g. "12.50"
  std::string status;        // one status name, "" any
  std::string currency;      // ISO code, "" any
  std::string from, to;      // YYYY-MM-DD, UTC, inclusive
  std::optional<std::int64_t> after_created_on;  // keyset cursor
  std::string after_id;
  std::string error;         // what in the query could not be read ("" when all could)

  // From the list page's query string; unreadable values are named in `error` and ignored.
  static PurchaseSearch from_query(const http::Request& request);
  // The query string for these filters (without the cursor), for links.
  std::string query_string() const;
};

struct PurchaseSearchPage {
  std::vector<engine::Purchase> items;
  std::optional<std::pair<std::int64_t, std::string>> next;  // cursor of the next page
  bool scan_limited = false;  // stopped at kMaxScannedPerSearch rows
};

PurchaseSearchPage search_purchases(store::ReadView& view, const std::string& company_id, bool live,
                                    const PurchaseSearch& search);

}  // namespace tender::api::portal_pages
