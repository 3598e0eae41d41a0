#include "portal/role.hpp"

namespace tender::portal {

std::optional<Role> parse_role(std::string_view name) {
  if (name == "owner") return Role::owner;
  if (name == "staff") return Role::staff;
  if (name == "viewer") return Role::viewer;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::owner: return "owner";
    case Role::staff: return "staff";
    case Role::viewer: return "viewer";
  }
  return "viewer";
}

bool allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::read: return true;
    case Permission::operate: return role == Role::owner || role == Role::staff;
    case Permission::administer: return role == Role::owner;
  }
  return false;
}

}  // namespace tender::portal
