#include "engine/recurring_tokens.hpp"
#include "json/access.hpp"

#include <boost/json.hpp>


namespace tender::engine {

namespace bj = boost::json;

namespace {

using json::text;
int number(const bj::object& o, const char* k) { return static_cast<int>(json::integer(o, k)); }

ClientRecurringToken token_from(const store::Record& r) {
  auto o = bj::parse(r.body).as_object();
  return ClientRecurringToken{r.id, r.status, r.company_id, text(o, "payment_method"), text(o, "masked_pan"),
                              number(o, "expiry_month"), number(o, "expiry_year"), r.created_on};
}

}  // namespace

void save_card(store::WriteTxn& tx, const Purchase& p, const vault::SealedCard& card, std::int64_t now) {
  bj::object body{{"sealed", card.sealed_b64},       {"masked_pan", card.masked_pan}, {"scheme", card.scheme},
                  {"expiry_month", card.expiry_month}, {"expiry_year", card.expiry_year},
                  {"cardholder_name", card.cardholder_name}, {"fingerprint", card.fingerprint},
                  {"bin6", card.bin6},               {"last4", card.last4}};
  store::Record token{kCardTokenKind, p.id, p.company_id, "", "active", now, 0, bj::serialize(body)};
  tx.put(token, 0);
  if (p.client_id) {
    // The status column holds the owning client's id, so a client's tokens are one indexed list.
    store::Record listed{kClientTokenKind, p.id, p.company_id, "", *p.client_id, now, 0,
                         bj::serialize(bj::object{{"payment_method", card.scheme}, {"masked_pan", card.masked_pan},
                                                  {"expiry_month", card.expiry_month}, {"expiry_year", card.expiry_year}})};
    tx.put(listed, 0);
  }
}

std::optional<connectors::CardData> saved_card(store::ReadView& view, const vault::CardVault& vault, const Caller& caller,
                                               const std::string& token) {
  auto r = view.get(kCardTokenKind, token);
  if (!r || r->company_id != caller.company_id || r->status != "active") return std::nullopt;
  auto o = bj::parse(r->body).as_object();
  vault::SealedCard sealed;
  sealed.sealed_b64 = text(o, "sealed");
  sealed.fingerprint = text(o, "fingerprint");
  sealed.masked_pan = text(o, "masked_pan");
  sealed.scheme = text(o, "scheme");
  sealed.expiry_month = number(o, "expiry_month");
  sealed.expiry_year = number(o, "expiry_year");
  sealed.cardholder_name = text(o, "cardholder_name");
  sealed.bin6 = text(o, "bin6");
  sealed.last4 = text(o, "last4");
  return vault.open(sealed);
}

void remove_saved_card(store::WriteTxn& tx, const Purchase& p) {
  if (tx.get(kCardTokenKind, p.id)) tx.remove(kCardTokenKind, p.id);
  if (tx.get(kClientTokenKind, p.id)) tx.remove(kClientTokenKind, p.id);
}

std::vector<ClientRecurringToken> client_tokens(store::ReadView& view, const Caller& caller, const std::string& client_id) {
  store::ListQuery q;
  q.kind = kClientTokenKind;
  q.company_id = caller.company_id;
  q.statuses = {client_id};
  q.limit = 1000;
  std::vector<ClientRecurringToken> out;
  for (const auto& r : view.list(q)) out.push_back(token_from(r));
  return out;
}

std::optional<ClientRecurringToken> client_token(store::ReadView& view, const Caller& caller, const std::string& client_id,
                                                 const std::string& token) {
  auto r = view.get(kClientTokenKind, token);
  if (!r || r->company_id != caller.company_id || r->status != client_id) return std::nullopt;
  return token_from(*r);
}

}  // namespace tender::engine
