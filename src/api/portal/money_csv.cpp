#include "api/portal/money_csv.hpp"

#include "money/currency.hpp"
#include "money/decimal.hpp"
#include "util/utc_time.hpp"

namespace tender::api::portal_pages {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string statement_csv(const std::vector<store::Posting>& postings) {
  std::string out = "created_on,transaction_id,purchase_id,account,kind,currency,amount,amount_minor\r\n";
  out.reserve(out.size() + postings.size() * 160);
  for (const auto& leg : postings) {
    const auto* currency = money::find_currency(leg.currency);
    // Every posting's currency is in the table (a purchase is priced in one); the fallback only
    // keeps a row readable if one ever is not.
    const std::string amount = currency ? money::format_major_units(leg.amount_minor, *currency) : std::to_string(leg.amount_minor);
    for (const std::string& field : {util::utc_time(leg.created_on, "%Y-%m-%dT%H:%M:%SZ"), leg.transaction_id, leg.purchase_id,
                                     leg.account, leg.kind, leg.currency, amount})
      out += csv_field(field) + ',';
    out += std::to_string(leg.amount_minor) + "\r\n";
  }
  return out;
}

}  // namespace tender::api::portal_pages
