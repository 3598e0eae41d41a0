#pragma once
// Versioned schema migrations. Version N is migrations()[N-1]; each is applied once, in order,
// in its own transaction, and recorded in schema_migrations.
#include <cstdint>
#include <string_view>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace tender::store::sqlite {

// Migration scripts, oldest first. Append only: never edit or reorder a released migration.
const std::vector<std::string_view>& migrations();

// Brings the database up to the newest version. Throws StoreError if a migration fails (that
// migration is rolled back; earlier ones stay) or if the file is newer than this binary.
void apply_migrations(Connection& writer);

// Highest applied version, 0 for a fresh database.
std::int64_t schema_version(Connection& connection);

}  // namespace tender::store::sqlite
