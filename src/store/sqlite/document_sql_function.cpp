#include "store/sqlite/document_sql_function.hpp"

#include <exception>
#include <string>
#include <string_view>

#include "store/sqlite/document_codec.hpp"
#include "store/store_error.hpp"

namespace tender::store::sqlite {

namespace {

void tender_document(sqlite3_context* context, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* data = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  const int size = sqlite3_value_bytes(argv[0]);
  try {
    const std::string json = decode_document(std::string_view(data ? data : "", static_cast<std::size_t>(size)));
    sqlite3_result_text(context, json.data(), static_cast<int>(json.size()), SQLITE_TRANSIENT);
  } catch (const std::exception& e) {
    sqlite3_result_error(context, e.what(), -1);
  }
}

}  // namespace

void register_document_function(sqlite3* db) {
  const int rc = sqlite3_create_function_v2(db, "tender_document", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                            &tender_document, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw StoreError("sqlite: cannot register tender_document()", rc);
}

}  // namespace tender::store::sqlite
