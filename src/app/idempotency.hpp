#pragma once
// Idempotent POSTs for every dialect: a request with an `Idempotency-Key` header is answered once;
// a retry with the same key and the same request (method, target, body) gets the first answer
// again byte for byte (status, Content-Type, body), without running the handler.
//
//   1. claim:  a durable record (company, key, request hash, status 0 = in flight) is committed
//              before the handler runs; only one request can claim a key (the claim is made in
//              the store's serialized writer).
//   2. effect: the handler runs (its own transactions).
//   3. answer: the response is stored in place of the claim; a 5xx is not stored (the claim is
//              removed, so the client may retry).
//
// A duplicate arriving during step 2 gets 400 {"message": "Initial request is still processing."}.
// A claim left by a process that died between 1 and 3, or by a handler that threw instead of
// answering, cannot tell whether the effect happened, so a retry is refused (409, outcome unknown:
// look the object up) rather than risking a second effect. Keys are scoped per company and live 24 hours by the injectable clock.
#include <cstdint>
#include <functional>
#include <string>

#include "engine/clock.hpp"
#include "http/message.hpp"
#include "store/store.hpp"

namespace tender::app {

inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
inline constexpr std::int64_t kIdempotencyTtlSeconds = 24 * 3600;

enum class IdempotencyRefusal {
  invalid_key,      // empty or longer than 255 characters
  conflict,         // the key was used for a different request
  in_flight,        // the first request with this key has not finished
  outcome_unknown,  // the first request was interrupted by a crash; its effect may exist
};

struct IdempotencyError {
  IdempotencyRefusal reason;
  int status;            // suggested HTTP status (400, or 409 for outcome_unknown)
  std::string code;      // stable code, e.g. "idempotency_key_conflict"
  std::string message;   // English, says what to do
};

// Each dialect renders refusals in its own error format.
using IdempotencyErrorFormatter = std::function<http::Response(const IdempotencyError&)>;

// {"message": "..."} with the suggested status: the Orders seed's shape.
http::Response plain_idempotency_error(const IdempotencyError& error);

// Runs `handler` under the request's Idempotency-Key (or just runs it when the header is absent
// or the method is not POST). Thread-safe; the in-flight bookkeeping is process-wide.
http::Response with_idempotency(store::Store& store, const engine::Clock& clock, const http::Request& request,
                                const std::string& company_id, const std::function<http::Response()>& handler,
                                const IdempotencyErrorFormatter& format = plain_idempotency_error);

// Deletes up to `limit` records that have expired (older than kIdempotencyTtlSeconds by `clock`);
// returns how many. Expired records are already treated as absent, so this changes no answer:
// it keeps the table from growing without bound.
std::size_t purge_expired_idempotency(store::Store& store, const engine::Clock& clock, std::size_t limit);

// The same, bound to one store and clock, for dialect contexts to hold.
class Idempotency {
 public:
  Idempotency(store::Store& store, const engine::Clock& clock) : store_(store), clock_(clock) {}
  http::Response run(const http::Request& request, const std::string& company_id,
                     const std::function<http::Response()>& handler,
                     const IdempotencyErrorFormatter& format = plain_idempotency_error) const {
    return with_idempotency(store_, clock_, request, company_id, handler, format);
  }

 private:
  store::Store& store_;
  const engine::Clock& clock_;
};

// Hex SHA-256 over method, target and body: what "the same request" means.
std::string idempotency_request_hash(const http::Request& request);

}  // namespace tender::app
