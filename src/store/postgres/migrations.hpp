#pragma once
// Schema migrations of the PostgreSQL store: the same mechanism as the SQLite store (numbered
// scripts, a schema_migrations table, refusal of a newer schema), with the numbering kept in step
// with store/sqlite/migrations.cpp so that "schema version N" means the same tables on both.
// Several nodes may start at once: a row lock in schema_lock makes exactly one of them migrate.
#include <cstdint>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"

namespace tender::store::postgres {

const std::vector<std::string_view>& migrations();
std::int64_t schema_version(Connection& connection);
// Brings the schema to the newest version. Throws StoreError if the database is newer than this
// build or a script fails (nothing of the failing run is kept: DDL is transactional).
void apply_migrations(Connection& connection);

}  // namespace tender::store::postgres
