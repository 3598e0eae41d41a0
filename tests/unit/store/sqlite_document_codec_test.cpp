// The SQLite store's document encoding: short documents stay text, long ones round-trip through
// the dictionary-compressed form, damaged frames are refused, and a stored purchase shrinks.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "engine/lifecycle_commands.hpp"
#include "engine/purchase_writer.hpp"
#include "store/sqlite/document_codec.hpp"
#include "store/sqlite/document_sql_function.hpp"
#include "store/store_error.hpp"
#include "webhooks/delivery.hpp"

namespace tender::store::sqlite {
namespace {

std::string purchase_like(int n) {
  std::string s = R"({"id":"01a24efd-f6b6-7000-ae51-a72b0ed75780","company_id":"5bf5fc3d-524b-4d2b-aa2a-8321bc2c8846",)"
                  R"("is_test":true,"product":"purchases","status":"paid","client":{"email":"jane@example.com"},)"
                  R"("details":{"products":[)";
  for (int i = 0; i < n; ++i) {
    if (i) s += ",";
    s += R"({"name":"Widget )" + std::to_string(i) + R"(","quantity":"1","price":)" + std::to_string(100 + i) +
         R"(,"discount":0,"tax_percent":"0","category":""})";
  }
  return s + "]}}";
}

TEST(SqliteDocumentCodec, ShortDocumentsStayPlainText) {
  const std::string json = R"({"seq":12})";
  EXPECT_EQ(encode_document(json), json);
  EXPECT_FALSE(is_encoded_document(encode_document(json)));
  EXPECT_EQ(decode_document(json), json);
}

TEST(SqliteDocumentCodec, LongDocumentsRoundTripSmaller) {
  const std::string json = purchase_like(20);
  ASSERT_GE(json.size(), kMinEncodedBytes);
  const std::string stored = encode_document(json);
  EXPECT_TRUE(is_encoded_document(stored));
  EXPECT_LT(stored.size() * 3, json.size()) << "stored " << stored.size() << " of " << json.size();
  EXPECT_EQ(decode_document(stored), json);
}

TEST(SqliteDocumentCodec, PlainTextWrittenBeforeTheEncodingStillReads) {
  const std::string json = purchase_like(30);  // long, but stored as text by an earlier build
  EXPECT_EQ(decode_document(json), json);
}

TEST(SqliteDocumentCodec, DamagedFramesAreRefused) {
  std::string stored = encode_document(purchase_like(20));
  std::string truncated = stored.substr(0, stored.size() / 2);
  EXPECT_THROW(decode_document(truncated), StoreError);
  std::string flipped = stored;
  flipped[stored.size() - 3] = static_cast<char>(flipped[stored.size() - 3] ^ 0x5a);
  EXPECT_THROW(decode_document(flipped), StoreError);
  EXPECT_THROW(decode_document(std::string(1, kDocumentFormatV1)), StoreError);
}

// The store names the kinds itself (it sits below the engine and webhooks); the kinds those write
// are checked here, so a renamed kind cannot silently stop being encoded.
TEST(SqliteDocumentCodec, OnlyKindsThatGrowWithPaymentsAreEncoded) {
  EXPECT_TRUE(encodes_kind(engine::kPurchaseKind));
  EXPECT_TRUE(encodes_kind(engine::kRefundKind));
  EXPECT_TRUE(encodes_kind(webhooks::kDeliveryKind));
  EXPECT_FALSE(encodes_kind("webhook"));  // settings stay editable with the sqlite3 shell
  EXPECT_FALSE(encodes_kind("company"));
}

TEST(SqliteDocumentCodec, SqlReadsEitherFormAsJsonText) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  register_document_function(db);
  const std::string json = purchase_like(20);
  const std::string stored = encode_document(json);
  auto decoded = [&](const std::string& bytes, bool as_blob) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT tender_document(?)", -1, &s, nullptr), SQLITE_OK);
    if (as_blob) sqlite3_bind_blob(s, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    else sqlite3_bind_text(s, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(s);
    std::string out = rc == SQLITE_ROW && sqlite3_column_text(s, 0)
                          ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0))
                          : "<rc " + std::to_string(rc) + ">";
    sqlite3_finalize(s);
    return out;
  };
  EXPECT_EQ(decoded(stored, true), json);
  EXPECT_EQ(decoded(json, false), json);
  EXPECT_EQ(decoded(stored.substr(0, 10), true), "<rc " + std::to_string(SQLITE_ERROR) + ">");  // damaged: an SQL error
  sqlite3_close(db);
}

}  // namespace
}  // namespace tender::store::sqlite
