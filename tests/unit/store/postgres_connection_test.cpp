// Deferred statements (libpq pipeline mode): sent with the next statement, their errors thrown by
// it, forgotten by a ROLLBACK. Needs TENDER_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh).
#include "store/postgres/connection.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace tender::store::postgres {
namespace {

class PostgresConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("TENDER_TEST_POSTGRES_URL");
    if (!url || !*url) GTEST_SKIP() << "TENDER_TEST_POSTGRES_URL is not set";
    c_ = std::make_unique<Connection>(url);
    c_->exec("CREATE TEMP TABLE t (v BIGINT PRIMARY KEY)");  // this session's own
  }
  std::int64_t count(std::int64_t v) {
    return c_->query("SELECT count(*) FROM t WHERE v = $1", Params().add(v)).int64(0, 0);
  }
  void insert_later(std::int64_t v) { c_->defer("INSERT INTO t (v) VALUES ($1)", Params().add(v)); }

  std::unique_ptr<Connection> c_;
};

TEST_F(PostgresConnectionTest, DeferredStatementsGoWithTheNextQuery) {
  c_->defer("BEGIN ISOLATION LEVEL SERIALIZABLE");
  insert_later(1);
  EXPECT_FALSE(c_->idle()) << "a deferred BEGIN counts as a transaction";
  EXPECT_EQ(count(1), 1);  // the query saw the deferred insert: same transaction, sent before it
  EXPECT_EQ(c_->query("SELECT current_setting('transaction_isolation')").text(0, 0), "serializable");
  c_->commit();
  EXPECT_TRUE(c_->idle());
  EXPECT_EQ(count(1), 1);
}

TEST_F(PostgresConnectionTest, CommitSendsWhatIsStillDeferred) {
  c_->defer("BEGIN");
  insert_later(2);
  insert_later(3);
  c_->commit();
  EXPECT_TRUE(c_->idle());
  EXPECT_EQ(count(2), 1);
  EXPECT_EQ(count(3), 1);
}

TEST_F(PostgresConnectionTest, ADeferredErrorIsThrownByTheNextQueryWithItsSqlstate) {
  c_->defer("BEGIN");
  insert_later(4);
  insert_later(4);  // unique violation
  try {
    c_->query("SELECT 1");
    FAIL() << "the deferred insert's error was not thrown";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "23505");
    EXPECT_FALSE(e.lost);
  }
  EXPECT_TRUE(c_->in_failed_transaction());
  c_->exec("ROLLBACK");
  EXPECT_TRUE(c_->idle());
  EXPECT_EQ(count(4), 0) << "the first insert went with the failed transaction";
}

TEST_F(PostgresConnectionTest, ADeferredErrorAtCommitKeepsNothing) {
  c_->defer("BEGIN");
  insert_later(5);
  insert_later(5);
  EXPECT_THROW(c_->commit(), PgError);
  c_->exec("ROLLBACK");
  EXPECT_TRUE(c_->idle());
  EXPECT_EQ(count(5), 0);
}

TEST_F(PostgresConnectionTest, RollbackForgetsTheDeferredStatements) {
  c_->defer("BEGIN");
  insert_later(6);
  c_->exec("ROLLBACK");  // nothing reached the server
  EXPECT_TRUE(c_->idle());
  EXPECT_EQ(count(6), 0);
  // In a transaction the server knows about, the ROLLBACK undoes what was sent and forgets the rest.
  c_->defer("BEGIN");
  insert_later(7);
  EXPECT_EQ(count(7), 1);
  insert_later(8);
  c_->exec("ROLLBACK");
  EXPECT_TRUE(c_->idle());
  EXPECT_EQ(count(7), 0);
  EXPECT_EQ(count(8), 0);
}

TEST_F(PostgresConnectionTest, ManyDeferredStatementsStayBounded) {
  // Beyond the bound the waiting ones are sent at once; all arrive, in order, in one transaction.
  c_->defer("BEGIN");
  for (std::int64_t v = 100; v < 400; ++v) insert_later(v);
  c_->commit();
  EXPECT_EQ(c_->query("SELECT count(*) FROM t WHERE v >= 100 AND v < 400").int64(0, 0), 300);
}

}  // namespace
}  // namespace tender::store::postgres
