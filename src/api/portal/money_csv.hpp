#pragma once
// The statement as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
// comma, a quote or a line break, its quotes doubled), one posting per row:
//   created_on (ISO 8601 UTC), transaction_id, purchase_id, account, kind, currency,
//   amount (major units, the currency's exponent), amount_minor (integer minor units)
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tender::api::portal_pages {

std::string statement_csv(const std::vector<store::Posting>& postings);

// One field as RFC 4180 writes it.
std::string csv_field(const std::string& text);

}  // namespace tender::api::portal_pages
