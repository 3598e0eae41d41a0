#include "portal/users.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "crypto/password_hash.hpp"
#include "crypto/random.hpp"
#include "engine/ids.hpp"
#include "json/access.hpp"

namespace tender::portal {

namespace bj = boost::json;

namespace {

User user_from(const store::Record& r) {
  auto o = bj::parse(r.body).as_object();
  User u;
  u.id = r.id;
  u.company_id = r.company_id;
  u.email = json::text(o, "email");
  u.role = parse_role(r.status).value_or(Role::viewer);
  u.password_hash = json::text(o, "password_hash");
  u.created_on = r.created_on;
  u.version = r.version;
  return u;
}

void check_password(const std::string& password) {
  if (password.size() < kMinPasswordBytes)
    throw UserError("password", "The password must have at least " + std::to_string(kMinPasswordBytes) + " characters.");
  if (password.size() > crypto::kMaxPasswordBytes)
    throw UserError("password", "The password must have at most " + std::to_string(crypto::kMaxPasswordBytes) + " characters.");
}

std::size_t owners_in(const std::vector<User>& users) {
  return static_cast<std::size_t>(std::count_if(users.begin(), users.end(), [](const User& u) { return u.role == Role::owner; }));
}

}  // namespace

std::string normalized_email(const std::string& email) {
  std::string out = email;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool plausible_email(const std::string& email) {
  if (email.empty() || email.size() > kMaxEmailBytes) return false;
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email.size() || email.find('@', at + 1) != std::string::npos) return false;
  if (email.find('.', at) == std::string::npos) return false;
  return std::none_of(email.begin(), email.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f || c == '<' || c == '>'; });
}

NewUser Users::create(const std::string& company_id, const std::string& email, Role role,
                      std::optional<std::string> password, std::int64_t now) {
  NewUser created;
  created.user.email = normalized_email(email);
  if (!plausible_email(created.user.email)) throw UserError("email", "Enter an email address such as name@example.com.");
  if (password) {
    check_password(*password);
    created.password = *password;
  } else {
    created.password = crypto::random_token(20);
    created.generated = true;
  }
  if (list(company_id).size() >= kMaxUsersPerCompany)
    throw UserError("email", "This company has " + std::to_string(kMaxUsersPerCompany) + " users, the most it may have.");
  created.user.id = engine::new_id();
  created.user.company_id = company_id;
  created.user.role = role;
  created.user.password_hash = crypto::hash_password(created.password);
  created.user.created_on = now;
  try {
    save(created.user, 0);
  } catch (const store::DuplicateKey&) {
    throw UserError("email", "A user with this email already exists.");
  }
  return created;
}

void Users::save(User& user, std::int64_t expected_version) {
  store::Record r{kUserKind, user.id, user.company_id, user.email, std::string(role_name(user.role)), user.created_on, 0,
                  bj::serialize(bj::object{{"email", user.email}, {"password_hash", user.password_hash}})};
  store_.write([&](store::WriteTxn& tx) { tx.put(r, expected_version); });
  user.version = r.version;
}

std::optional<User> Users::get(const std::string& company_id, const std::string& id) {
  auto r = store_.read()->get(kUserKind, id);
  if (!r || r->company_id != company_id) return std::nullopt;
  return user_from(*r);
}

std::optional<User> Users::find_by_email(const std::string& email) {
  auto r = store_.read()->find_by_lookup(kUserKind, normalized_email(email));
  if (!r) return std::nullopt;
  return user_from(*r);
}

std::vector<User> Users::list(const std::string& company_id) {
  store::ListQuery q;
  q.kind = kUserKind;
  q.company_id = company_id;
  q.limit = kMaxUsersPerCompany;
  std::vector<User> out;
  for (const auto& r : store_.read()->list(q)) out.push_back(user_from(r));
  return out;
}

std::optional<User> Users::verify(const std::string& email, const std::string& password) {
  // A fixed hash of a random password for unknown emails: the same work either way.
  static const std::string decoy = crypto::hash_password(crypto::random_token(20));
  auto user = email.size() <= kMaxEmailBytes ? find_by_email(email) : std::nullopt;
  const bool ok = crypto::verify_password(user ? user->password_hash : decoy, password);
  if (!user || !ok) return std::nullopt;
  return user;
}

User Users::set_role(const std::string& company_id, const std::string& id, Role role) {
  auto user = get(company_id, id);
  if (!user) throw UserError("user", "No such user.");
  if (user->role == Role::owner && role != Role::owner && owners_in(list(company_id)) <= 1)
    throw UserError("role", "A company keeps at least one owner.");
  user->role = role;
  save(*user, user->version);
  return *user;
}

void Users::set_password(const std::string& company_id, const std::string& id, const std::string& password) {
  auto user = get(company_id, id);
  if (!user) throw UserError("user", "No such user.");
  check_password(password);
  user->password_hash = crypto::hash_password(password);
  save(*user, user->version);
}

void Users::remove(const std::string& company_id, const std::string& id) {
  auto user = get(company_id, id);
  if (!user) throw UserError("user", "No such user.");
  if (user->role == Role::owner && owners_in(list(company_id)) <= 1)
    throw UserError("user", "A company keeps at least one owner.");
  store_.write([&](store::WriteTxn& tx) { tx.remove(kUserKind, id); });
}

}  // namespace tender::portal
