#pragma once
// Portal sessions, stored in the database so that any node of an installation accepts them and a
// restart signs nobody out. The browser holds a random token (in an HttpOnly cookie); the store
// keeps only its SHA-256, so a copy of the database opens no session. Each session has its own
// CSRF token, which every form carries back. Sessions end at logout or after kLifetimeSeconds.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/clock.hpp"
#include "store/store.hpp"

namespace tender::portal {

inline constexpr const char* kSessionKind = "portal_session";
inline constexpr std::int64_t kSessionLifetimeSeconds = 12 * 3600;

struct Session {
  std::string id;
  std::string company_id;
  std::string user_id;
  std::string csrf_token;
  bool live = false;  // which mode's objects the pages show
  std::int64_t created_on = 0;
  std::int64_t expires_on = 0;
  std::int64_t version = 0;
};

struct OpenedSession {
  Session session;
  std::string token;  // for the cookie; never stored
};

class Sessions {
 public:
  // `clock`: wall time, not the test clock (moving a test clock must not sign anyone out).
  Sessions(store::Store& store, const engine::Clock& clock) : store_(store), clock_(clock) {}

  OpenedSession open(const std::string& company_id, const std::string& user_id);
  // The live session the token opens; nullopt for unknown, malformed or expired tokens.
  std::optional<Session> find(const std::string& token);
  void set_live(Session& session, bool live);
  void close(const std::string& token);
  // Deletes up to `limit` sessions (any company) that have expired; returns how many.
  std::size_t purge_expired(std::size_t limit);

 private:
  store::Store& store_;
  const engine::Clock& clock_;
};

}  // namespace tender::portal
