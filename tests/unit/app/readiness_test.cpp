// GET /readyz: ready only when the store answers and its schema is this build's.
#include "app/readiness.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "../store_test_support.hpp"
#include "store/store_error.hpp"

namespace tender::app {
namespace {

// A store whose schema answer the test chooses; nothing else is used by readiness.
class ScriptedStore final : public store::Store {
 public:
  std::optional<store::SchemaVersions> versions;  // nullopt: the database does not answer
  std::unique_ptr<store::ReadView> read() override { throw store::StoreError("not used"); }
  void write(const std::function<void(store::WriteTxn&)>&) override { throw store::StoreError("not used"); }
  store::SchemaVersions schema_versions() override {
    if (!versions) throw store::StoreError("connection refused (host db.internal)");
    return *versions;
  }
};

TEST(MetricsReadiness, ARealStoreJustOpenedIsReady) {
  store::test_support::TempSqliteStore store("tender_readiness");
  const auto schema = store->schema_versions();
  EXPECT_GT(schema.known, 0);
  EXPECT_EQ(schema.applied, schema.known);
  Readiness readiness(*store);
  auto r = readiness.answer();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ready"})");
}

TEST(MetricsReadiness, NotReadyWhenTheStoreDoesNotAnswer) {
  ScriptedStore store;
  Readiness readiness(store);
  auto r = readiness.answer();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, R"({"status":"not_ready","reason":"the store does not answer"})");
  // The store's own words stay in the log.
  EXPECT_EQ(r.body.find("db.internal"), std::string::npos);
  store.versions = store::SchemaVersions{6, 6};
  EXPECT_EQ(readiness.answer().status, 200);  // and ready again once it answers
}

TEST(MetricsReadiness, NotReadyWhileMigrationsAreMissingOrTheSchemaIsNewer) {
  ScriptedStore store;
  Readiness readiness(store);
  store.versions = store::SchemaVersions{5, 6};
  auto behind = readiness.answer();
  EXPECT_EQ(behind.status, 503);
  EXPECT_NE(behind.body.find("migrations not applied"), std::string::npos);
  store.versions = store::SchemaVersions{7, 6};
  auto ahead = readiness.answer();
  EXPECT_EQ(ahead.status, 503);
  EXPECT_NE(ahead.body.find("newer than this build"), std::string::npos);
}

}  // namespace
}  // namespace tender::app
