#pragma once
// Portal users: people who sign in to a company's portal with an email and a password. Stored as
// records of kind "portal_user" whose lookup key is the lower-cased email, so one email is one
// user across the installation (the login form asks for no company). Passwords are kept only as
// Argon2id hashes (crypto/password_hash).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "portal/role.hpp"
#include "store/store.hpp"

namespace tender::portal {

inline constexpr const char* kUserKind = "portal_user";
inline constexpr std::size_t kMaxEmailBytes = 254;       // RFC 5321 path limit
inline constexpr std::size_t kMinPasswordBytes = 10;
inline constexpr std::size_t kMaxUsersPerCompany = 1000;

struct User {
  std::string id;
  std::string company_id;
  std::string email;  // lower-cased
  Role role = Role::viewer;
  std::string password_hash;
  std::int64_t created_on = 0;
  std::int64_t version = 0;
};

struct NewUser {
  User user;
  std::string password;  // as given, or generated when none was given; shown once
  bool generated = false;
};

// A refusal about one input field ("email", "password", "role"), worded for a person.
struct UserError : std::runtime_error {
  UserError(std::string field, const std::string& message) : std::runtime_error(message), field(std::move(field)) {}
  std::string field;
};

class Users {
 public:
  explicit Users(store::Store& store) : store_(store) {}

  // Throws UserError for a malformed email, a taken email, a short password, or a company at
  // its user limit.
  NewUser create(const std::string& company_id, const std::string& email, Role role,
                 std::optional<std::string> password, std::int64_t now);
  std::optional<User> get(const std::string& company_id, const std::string& id);
  std::optional<User> find_by_email(const std::string& email);
  std::vector<User> list(const std::string& company_id);
  // The user when the password matches; nullopt otherwise (unknown email included: the hash is
  // still computed so that the answer takes the same time).
  std::optional<User> verify(const std::string& email, const std::string& password);
  User set_role(const std::string& company_id, const std::string& id, Role role);
  void set_password(const std::string& company_id, const std::string& id, const std::string& password);
  void remove(const std::string& company_id, const std::string& id);

 private:
  void save(User& user, std::int64_t expected_version);
  store::Store& store_;
};

std::string normalized_email(const std::string& email);
bool plausible_email(const std::string& email);

}  // namespace tender::portal
