// API keys: created keys authenticate, are listed by company (prefix only), and a revoked key is
// refused at once, also when it was cached by an earlier request; the per-company limit holds.
#include <gtest/gtest.h>

#include <algorithm>

#include "../store_test_support.hpp"
#include "crypto/random.hpp"
#include "engine/accounts.hpp"
#include "engine/errors.hpp"

namespace tender::engine {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

class AccountsTest : public ::testing::Test {
 protected:
  store::test_support::TempSqliteStore store{"tender_accounts"};
  Accounts accounts{*store, crypto::random_bytes(32)};
  // Keys need only a company id (no company record, no RSA pair).
  std::string company = "company-a";
  std::string other = "company-b";
};

TEST_F(AccountsTest, CreatedKeysAreListedNewestFirstWithoutTheirSecret) {
  auto test_key = accounts.create_api_key(company, false, kNow);
  auto live_key = accounts.create_api_key(company, true, kNow + 1);
  accounts.create_api_key(other, false, kNow);

  auto keys = accounts.api_keys(company);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].id, live_key.key.id);
  EXPECT_TRUE(keys[0].live);
  EXPECT_EQ(keys[1].id, test_key.key.id);
  EXPECT_FALSE(keys[1].live);
  EXPECT_EQ(keys[1].prefix, test_key.secret.substr(0, 16));
  EXPECT_EQ(test_key.secret.rfind("tender_test_", 0), 0u);
  EXPECT_EQ(live_key.secret.rfind("tender_live_", 0), 0u);
}

TEST_F(AccountsTest, RevokedKeyStopsAuthenticatingAtOnceEvenWhenCached) {
  auto created = accounts.create_api_key(company, false, kNow);
  auto kept = accounts.create_api_key(company, false, kNow);
  ASSERT_TRUE(accounts.authenticate(created.secret));  // now in the cache
  ASSERT_TRUE(accounts.authenticate(created.secret));

  auto revoked = accounts.revoke_api_key(company, created.key.id);
  EXPECT_EQ(revoked.id, created.key.id);
  EXPECT_EQ(revoked.prefix, created.key.prefix);
  EXPECT_FALSE(accounts.authenticate(created.secret));
  EXPECT_TRUE(accounts.authenticate(kept.secret));
  auto keys = accounts.api_keys(company);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].id, kept.key.id);
}

TEST_F(AccountsTest, RevokingAnotherCompanysOrAnUnknownKeyIsNotFound) {
  auto created = accounts.create_api_key(company, false, kNow);
  auto expect_not_found = [&](const std::string& company_id, const std::string& id) {
    try {
      accounts.revoke_api_key(company_id, id);
      ADD_FAILURE() << "revoked " << id << " as " << company_id;
    } catch (const EngineError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::not_found);
    }
  };
  expect_not_found(other, created.key.id);
  expect_not_found(company, "not-a-uuid");
  expect_not_found(company, "0b7a5c2e-3d4f-4a6b-9c8d-1e2f3a4b5c6d");
  accounts.revoke_api_key(company, created.key.id);
  expect_not_found(company, created.key.id);  // twice
  EXPECT_TRUE(accounts.api_keys(company).empty());
}

TEST_F(AccountsTest, AnotherProcessSeesTheRevocationOnItsNextRead) {
  // A second Accounts on the same store is another process: it never cached the key.
  Accounts elsewhere{*store, crypto::random_bytes(32)};
  auto created = accounts.create_api_key(company, false, kNow);
  elsewhere.revoke_api_key(company, created.key.id);
  EXPECT_FALSE(accounts.authenticate(created.secret));
}

TEST_F(AccountsTest, ACompanyHasAtMostTheLimitOfKeys) {
  for (std::size_t i = 0; i < kMaxApiKeysPerCompany; ++i) accounts.create_api_key(company, i % 2 == 0, kNow);
  try {
    accounts.create_api_key(company, false, kNow);
    ADD_FAILURE() << "created a key past the limit";
  } catch (const EngineError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    EXPECT_EQ(e.code(), "api_key_limit");
  }
  EXPECT_EQ(accounts.api_keys(company).size(), kMaxApiKeysPerCompany);
  accounts.create_api_key(other, false, kNow);  // per company
  accounts.revoke_api_key(company, accounts.api_keys(company).front().id);
  accounts.create_api_key(company, false, kNow);  // room again
}

}  // namespace
}  // namespace tender::engine
