#include "portal/sessions.hpp"

#include <boost/json.hpp>

#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "engine/ids.hpp"
#include "json/access.hpp"

namespace tender::portal {

namespace bj = boost::json;

namespace {

constexpr std::size_t kTokenChars = 43;  // ~256 bits
constexpr std::size_t kMaxTokenChars = 128;

store::Record record_of(const Session& s, const std::string& token_hash) {
  return store::Record{kSessionKind, s.id, s.company_id, token_hash, "", s.created_on, 0,
                       bj::serialize(bj::object{{"user_id", s.user_id},
                                                {"csrf_token", s.csrf_token},
                                                {"live", s.live},
                                                {"expires_on", s.expires_on}})};
}

}  // namespace

OpenedSession Sessions::open(const std::string& company_id, const std::string& user_id) {
  OpenedSession opened;
  opened.token = crypto::random_token(kTokenChars);
  auto& s = opened.session;
  s.id = engine::new_id();
  s.company_id = company_id;
  s.user_id = user_id;
  s.csrf_token = crypto::random_token(kTokenChars);
  s.created_on = clock_.now_seconds();
  s.expires_on = s.created_on + kSessionLifetimeSeconds;
  auto r = record_of(s, crypto::sha256_hex(opened.token));
  store_.write([&](store::WriteTxn& tx) { tx.put(r, 0); });
  s.version = r.version;
  return opened;
}

std::optional<Session> Sessions::find(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenChars) return std::nullopt;
  auto r = store_.read()->find_by_lookup(kSessionKind, crypto::sha256_hex(token));
  if (!r) return std::nullopt;
  auto o = bj::parse(r->body).as_object();
  Session s{r->id, r->company_id, json::text(o, "user_id"), json::text(o, "csrf_token"), json::flag(o, "live"),
            r->created_on, json::integer(o, "expires_on"), r->version};
  if (s.expires_on <= clock_.now_seconds()) return std::nullopt;
  return s;
}

void Sessions::set_live(Session& session, bool live) {
  auto current = store_.read()->get(kSessionKind, session.id);
  if (!current) return;
  session.live = live;
  auto r = record_of(session, current->lookup);
  store_.write([&](store::WriteTxn& tx) { tx.put(r, current->version); });
  session.version = r.version;
}

void Sessions::close(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenChars) return;
  auto r = store_.read()->find_by_lookup(kSessionKind, crypto::sha256_hex(token));
  if (!r) return;
  store_.write([&](store::WriteTxn& tx) { tx.remove(kSessionKind, r->id); });
}

std::size_t Sessions::purge_expired(std::size_t limit) {
  store::ListQuery q;
  q.kind = kSessionKind;
  q.all_companies = true;
  q.created_to = clock_.now_seconds() - kSessionLifetimeSeconds;  // every session expires at its lifetime's end
  q.limit = limit;
  auto expired = store_.read()->list(q);
  if (expired.empty()) return 0;
  store_.write([&](store::WriteTxn& tx) {
    for (const auto& r : expired) tx.remove(kSessionKind, r.id);
  });
  return expired.size();
}

}  // namespace tender::portal
