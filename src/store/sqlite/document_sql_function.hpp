#pragma once
// tender_document(x): SQL's view of a stored document (document_codec.hpp) — the JSON text of a
// body or payload in either stored form, NULL for NULL. Registered on every connection of the
// store and of `tender migrate-data`, so that SQL (a migration's json_extract, the copy to
// PostgreSQL, `tender documents`) reads documents as JSON whatever their stored form.
#include <sqlite3.h>

namespace tender::store::sqlite {

// Throws StoreError when SQLite refuses the registration.
void register_document_function(sqlite3* db);

}  // namespace tender::store::sqlite
