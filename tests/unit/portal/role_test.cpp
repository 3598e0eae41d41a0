#include <gtest/gtest.h>

#include "portal/role.hpp"

namespace tender::portal {
namespace {

TEST(Role, TheIssuesTableOfWhoMayDoWhat) {
  EXPECT_TRUE(allows(Role::owner, Permission::read));
  EXPECT_TRUE(allows(Role::owner, Permission::operate));
  EXPECT_TRUE(allows(Role::owner, Permission::administer));
  EXPECT_TRUE(allows(Role::staff, Permission::read));
  EXPECT_TRUE(allows(Role::staff, Permission::operate));
  EXPECT_FALSE(allows(Role::staff, Permission::administer));
  EXPECT_TRUE(allows(Role::viewer, Permission::read));
  EXPECT_FALSE(allows(Role::viewer, Permission::operate));
  EXPECT_FALSE(allows(Role::viewer, Permission::administer));
}

TEST(Role, NamesRoundTripAndNothingElseParses) {
  for (auto r : {Role::owner, Role::staff, Role::viewer}) EXPECT_EQ(parse_role(role_name(r)), r);
  EXPECT_FALSE(parse_role("Owner"));
  EXPECT_FALSE(parse_role("admin"));
  EXPECT_FALSE(parse_role(""));
}

}  // namespace
}  // namespace tender::portal
