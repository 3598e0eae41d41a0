#pragma once
// Portal roles and what each may do. One table, so that a page that shows a button and the route
// that acts on it ask the same question.
#include <optional>
#include <string_view>

namespace tender::portal {

enum class Role { owner, staff, viewer };

enum class Permission {
  read,       // every page that only shows
  operate,    // create purchases and links, capture, release, refund, cancel, resend a delivery
  administer  // users, API keys, webhooks, the test clock and simulations, the audit log
};

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);
bool allows(Role role, Permission permission);

}  // namespace tender::portal
