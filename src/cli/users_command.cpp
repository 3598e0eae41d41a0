#include "cli/users_command.hpp"

#include <boost/json.hpp>

#include <iostream>
#include <optional>
#include <stdexcept>

#include "app/application.hpp"
#include "cli/output.hpp"
#include "engine/accounts.hpp"
#include "engine/clock.hpp"
#include "portal/users.hpp"

namespace tender::cli {

namespace bj = boost::json;

int create_user(const app::DataDirLayout& layout, const std::string& email, const std::string& role_text,
                std::string company_id, bool password_stdin, bool json) {
  auto info = app::read_installation(layout);
  auto role = portal::parse_role(role_text);
  if (!role) throw std::runtime_error("--role must be owner, staff or viewer");
  auto store = app::open_store(layout);
  engine::Accounts accounts(*store, app::load_master_key(layout));
  if (company_id.empty()) company_id = info.company_id;
  if (!accounts.company(company_id)) throw std::runtime_error("no company " + company_id);
  std::optional<std::string> password;
  if (password_stdin) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    password = line;
  }
  engine::SystemClock clock;
  portal::Users users(*store);
  portal::NewUser created;
  try {
    created = users.create(company_id, email, *role, password, clock.now_seconds());
  } catch (const portal::UserError& e) {
    throw std::runtime_error("--" + e.field + ": " + e.what());
  }
  bj::object out{{"user_id", created.user.id}, {"email", created.user.email}, {"role", std::string(portal::role_name(*role))},
                 {"company_id", company_id}};
  std::string text = "user_id:  " + created.user.id + "\nemail:    " + created.user.email + "\nrole:     " +
                     std::string(portal::role_name(*role)) + "\n";
  if (created.generated) {
    out["password"] = created.password;
    text += "password: " + created.password + "  (shown once)\n";
  }
  print_json_or_text(json, out, text);
  return 0;
}

}  // namespace tender::cli
