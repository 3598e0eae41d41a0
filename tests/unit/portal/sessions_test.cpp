#include <gtest/gtest.h>

#include "../engine/engine_fixture.hpp"
#include "portal/sessions.hpp"
#include "../store_test_support.hpp"

namespace tender::portal {
namespace {

using store::test_support::TempSqliteStore;
constexpr std::int64_t kNow = 1'800'000'000;

TEST(Sessions, TheTokenOpensTheSessionAndOnlyItsHashIsStored) {
  TempSqliteStore store;
  engine::test::ManualClock clock{kNow};
  Sessions sessions(*store, clock);
  auto opened = sessions.open("c1", "u1");
  auto found = sessions.find(opened.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, "u1");
  EXPECT_EQ(found->company_id, "c1");
  EXPECT_EQ(found->csrf_token, opened.session.csrf_token);
  EXPECT_NE(found->csrf_token, opened.token);
  auto record = store->read()->get(kSessionKind, opened.session.id);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->body.find(opened.token), std::string::npos);
  EXPECT_EQ(record->lookup.find(opened.token), std::string::npos);
  EXPECT_FALSE(sessions.find(opened.token + "x"));
  EXPECT_FALSE(sessions.find(""));
  EXPECT_FALSE(sessions.find(std::string(10'000, 'a')));
}

TEST(Sessions, ExpireAfterTheirLifetimeAndEndAtLogout) {
  TempSqliteStore store;
  engine::test::ManualClock clock{kNow};
  Sessions sessions(*store, clock);
  auto a = sessions.open("c1", "u1");
  auto b = sessions.open("c1", "u1");
  clock.advance(kSessionLifetimeSeconds - 1);
  EXPECT_TRUE(sessions.find(a.token));
  sessions.close(b.token);
  EXPECT_FALSE(sessions.find(b.token));
  EXPECT_TRUE(sessions.find(a.token)) << "closing one session leaves the others";
  clock.advance(1);
  EXPECT_FALSE(sessions.find(a.token));
}

TEST(Sessions, ExpiredSessionsArePurgedAndLiveOnesKept) {
  TempSqliteStore store;
  engine::test::ManualClock clock{kNow};
  Sessions sessions(*store, clock);
  auto old = sessions.open("c1", "u1");
  clock.advance(kSessionLifetimeSeconds);
  auto fresh = sessions.open("c2", "u2");
  EXPECT_EQ(sessions.purge_expired(100), 1u);
  EXPECT_FALSE(store->read()->get(kSessionKind, old.session.id));
  EXPECT_TRUE(sessions.find(fresh.token));
  EXPECT_EQ(sessions.purge_expired(100), 0u);
}

TEST(Sessions, TheModeSwitchIsKept) {
  TempSqliteStore store;
  engine::test::ManualClock clock{kNow};
  Sessions sessions(*store, clock);
  auto a = sessions.open("c1", "u1");
  EXPECT_FALSE(sessions.find(a.token)->live) << "test mode first";
  sessions.set_live(a.session, true);
  EXPECT_TRUE(sessions.find(a.token)->live);
}

}  // namespace
}  // namespace tender::portal
