#include <gtest/gtest.h>

#include "portal/users.hpp"
#include "../store_test_support.hpp"

namespace tender::portal {
namespace {

using store::test_support::TempSqliteStore;
constexpr std::int64_t kNow = 1'800'000'000;

TEST(Users, CreateStoresOnlyAHashAndVerifiesCaseInsensitiveEmail) {
  TempSqliteStore store;
  Users users(*store);
  auto made = users.create("c1", "Ann@Example.COM", Role::owner, std::string("a long password"), kNow);
  EXPECT_EQ(made.user.email, "ann@example.com");
  EXPECT_FALSE(made.generated);
  auto record = store->read()->get(kUserKind, made.user.id);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->body.find("a long password"), std::string::npos);
  EXPECT_NE(record->body.find("$argon2id$"), std::string::npos);
  EXPECT_TRUE(users.verify("ANN@example.com", "a long password"));
  EXPECT_FALSE(users.verify("ann@example.com", "a long passwore"));
  EXPECT_FALSE(users.verify("nobody@example.com", "a long password"));
}

TEST(Users, AGeneratedPasswordIsReturnedOnceAndWorks) {
  TempSqliteStore store;
  Users users(*store);
  auto made = users.create("c1", "gen@example.com", Role::staff, std::nullopt, kNow);
  EXPECT_TRUE(made.generated);
  EXPECT_GE(made.password.size(), kMinPasswordBytes);
  EXPECT_TRUE(users.verify("gen@example.com", made.password));
}

TEST(Users, RefusesBadEmailsShortPasswordsAndTakenEmailsNamingTheField) {
  TempSqliteStore store;
  Users users(*store);
  users.create("c1", "taken@example.com", Role::owner, std::string("a long password"), kNow);
  auto field_of = [&](auto&& f) {
    try {
      f();
    } catch (const UserError& e) {
      return e.field;
    }
    return std::string("none");
  };
  EXPECT_EQ(field_of([&] { users.create("c1", "not-an-email", Role::viewer, std::nullopt, kNow); }), "email");
  EXPECT_EQ(field_of([&] { users.create("c2", "TAKEN@example.com", Role::viewer, std::nullopt, kNow); }), "email");
  EXPECT_EQ(field_of([&] { users.create("c1", "x@example.com", Role::viewer, std::string("short"), kNow); }), "password");
  EXPECT_EQ(users.list("c1").size(), 1u) << "nothing half-made";
}

TEST(Users, ACompanyKeepsAnOwnerAndUsersAreScopedToTheirCompany) {
  TempSqliteStore store;
  Users users(*store);
  auto owner = users.create("c1", "o@example.com", Role::owner, std::nullopt, kNow).user;
  auto staff = users.create("c1", "s@example.com", Role::staff, std::nullopt, kNow).user;
  EXPECT_THROW(users.set_role("c1", owner.id, Role::viewer), UserError);
  EXPECT_THROW(users.remove("c1", owner.id), UserError);
  EXPECT_FALSE(users.get("c2", staff.id)) << "another company sees nothing";
  EXPECT_THROW(users.remove("c2", staff.id), UserError);
  users.set_role("c1", staff.id, Role::owner);
  users.set_role("c1", owner.id, Role::viewer);  // there is another owner now
  EXPECT_EQ(users.get("c1", owner.id)->role, Role::viewer);
  users.remove("c1", owner.id);
  EXPECT_FALSE(users.find_by_email("o@example.com"));
}

}  // namespace
}  // namespace tender::portal
