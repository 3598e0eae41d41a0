#include "app/idempotency.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <mutex>
#include <optional>
#include <set>
#include <tuple>

#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace tender::app {

namespace bj = boost::json;

namespace {

// This process's identity in claims: a claim of another boot is an interrupted request.
const std::string& boot_id() {
  static const std::string id = crypto::random_token(24);
  return id;
}

// Claims this process holds right now, by (store, company, key).
using Token = std::tuple<const store::Store*, std::string, std::string>;
std::mutex g_mutex;
std::set<Token> g_in_flight;

bool in_flight(const Token& t) {
  std::lock_guard lock(g_mutex);
  return g_in_flight.count(t) != 0;
}
void mark(const Token& t) {
  std::lock_guard lock(g_mutex);
  g_in_flight.insert(t);
}
void unmark(const Token& t) {
  std::lock_guard lock(g_mutex);
  g_in_flight.erase(t);
}

bool live(const store::IdempotencyRecord& r, std::int64_t now) { return r.created_on + kIdempotencyTtlSeconds > now; }

std::string claim_boot(const store::IdempotencyRecord& r) {
  std::error_code ec;
  auto v = bj::parse(r.response_body, ec);
  if (ec || !v.is_object()) return {};
  auto* b = v.get_object().if_contains("boot");
  return b && b->is_string() ? std::string(b->get_string()) : std::string();
}

IdempotencyError refusal(IdempotencyRefusal reason) {
  switch (reason) {
    case IdempotencyRefusal::invalid_key:
      return {reason, 400, "invalid_idempotency_key",
              "The Idempotency-Key header must be 1 to " + std::to_string(kMaxIdempotencyKeyLength) + " characters."};
    case IdempotencyRefusal::conflict:
      return {reason, 400, "idempotency_key_conflict",
              "This Idempotency-Key was already used for a different request (method, path or body differ). "
              "Use a new key for a new request."};
    case IdempotencyRefusal::in_flight:
      return {reason, 400, "idempotency_request_in_progress", "Initial request is still processing."};
    case IdempotencyRefusal::outcome_unknown:
      return {reason, 409, "idempotency_outcome_unknown",
              "The first request with this Idempotency-Key was interrupted and its outcome is unknown: it may "
              "have taken effect. Look the object up (e.g. list it) before retrying with a new key."};
  }
  return {reason, 400, "idempotency_error", "Idempotency error."};
}

// The answer for an existing, live record.
http::Response answer_existing(store::Store& store, store::IdempotencyRecord r, const std::string& hash,
                               const Token& token, const IdempotencyErrorFormatter& format) {
  if (!crypto::constant_time_equal(r.request_hash, hash)) return format(refusal(IdempotencyRefusal::conflict));
  if (r.status_code == 0 && claim_boot(r) == boot_id() && !in_flight(token)) {
    // Our own claim, no longer in flight: the first request finished after `r` was read. Its
    // stored response is committed before it stops being in flight, so one more read finds it.
    if (auto again = store.read()->idempotency(std::get<1>(token), std::get<2>(token))) r = std::move(*again);
  }
  if (r.status_code == 0) {
    const bool ours = claim_boot(r) == boot_id() && in_flight(token);
    return format(refusal(ours ? IdempotencyRefusal::in_flight : IdempotencyRefusal::outcome_unknown));
  }
  http::Response replay{r.status_code, r.response_content_type, r.response_body, {}};
  replay.with_header("Idempotent-Replayed", "true");
  return replay;
}

}  // namespace

http::Response plain_idempotency_error(const IdempotencyError& error) {
  return http::Response{error.status, "application/json", bj::serialize(bj::object{{"message", error.message}}), {}};
}

std::size_t purge_expired_idempotency(store::Store& store, const engine::Clock& clock, std::size_t limit) {
  // live() keeps a record while created_on + ttl > now, so created_on <= now - ttl is expired.
  const std::int64_t created_before = clock.now_seconds() - kIdempotencyTtlSeconds + 1;
  std::size_t purged = 0;
  store.write([&](store::WriteTxn& tx) { purged = tx.purge_idempotency(created_before, limit); });
  return purged;
}

std::string idempotency_request_hash(const http::Request& request) {
  std::string material;
  material.reserve(request.method.size() + request.target.size() + request.body.size() + 2);
  material.append(request.method).append("\n").append(request.target).append("\n").append(request.body);
  return crypto::sha256_hex(material);
}

http::Response with_idempotency(store::Store& store, const engine::Clock& clock, const http::Request& request,
                                const std::string& company_id, const std::function<http::Response()>& handler,
                                const IdempotencyErrorFormatter& format) {
  if (request.method != "POST") return handler();
  auto header = request.header(kIdempotencyHeader);
  if (!header) return handler();
  const std::string& key = *header;
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) return format(refusal(IdempotencyRefusal::invalid_key));

  const std::string hash = idempotency_request_hash(request);
  const Token token{&store, company_id, key};
  const std::int64_t now = clock.now_seconds();

  // Fast path, no write: a replay, a conflict or a duplicate in flight.
  if (auto r = store.read()->idempotency(company_id, key); r && live(*r, now)) {
    return answer_existing(store, *r, hash, token, format);
  }

  // Claim the key. The check and the insert run in the store's one writer, so exactly one
  // request claims it; the mark is set before the claim can be seen by anyone.
  std::optional<store::IdempotencyRecord> existing;
  bool claimed = false;
  const store::IdempotencyRecord claim{company_id, key, hash, 0,
                                       bj::serialize(bj::object{{"boot", boot_id()}, {"claimed_at", now}}), "", now};
  try {
    store.write([&](store::WriteTxn& tx) {
      existing.reset();
      claimed = false;
      if (auto r = tx.idempotency(company_id, key); r && live(*r, now)) {
        existing = std::move(r);
        return;
      }
      tx.put_idempotency(claim);
      mark(token);
      claimed = true;
    });
  } catch (...) {
    if (claimed) unmark(token);
    throw;
  }
  if (!claimed) return answer_existing(store, *existing, hash, token, format);

  http::Response response;
  try {
    response = handler();
  } catch (...) {
    // No answer was produced, but the handler may have committed part of its work before it
    // failed (pay_now: the purchase, then a failed intent write), so running it again could do
    // that twice. The claim stays, as after a crash: a retry is told the outcome is unknown.
    unmark(token);
    throw;
  }

  try {
    store.write([&](store::WriteTxn& tx) {
      if (response.status >= 500) {
        tx.remove_idempotency(company_id, key);  // a retry may succeed
      } else {
        tx.put_idempotency(store::IdempotencyRecord{company_id, key, hash, response.status, response.body,
                                                    response.content_type, now});
      }
    });
  } catch (const std::exception& e) {
    // The effect stands; a retry will be told the outcome is unknown (the claim remains).
    spdlog::error("idempotency: cannot store the response for a key: {}", e.what());
  }
  unmark(token);
  return response;
}

}  // namespace tender::app
