#pragma once
// Moves an embedded installation's data (tender.db) into an empty PostgreSQL database: every
// table row for row, keeping ids, versions and seq numbers, in one PostgreSQL transaction (all
// or nothing), from one SQLite read snapshot. Afterwards it compares row counts, version sums,
// seq ranges and per-currency posting sums on both sides.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tender::store::postgres {

struct TableCount {
  std::string table;
  std::int64_t source = 0;
  std::int64_t target = 0;
};

struct ImportReport {
  std::vector<TableCount> tables;
  std::vector<std::string> mismatches;  // empty when every check agreed
  std::int64_t rows = 0;
  bool ok() const { return mismatches.empty(); }
};

// Called as rows are copied: (rows done, rows in total). Not called more than ~200 times.
using ImportProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// `sqlite_path`: a tender.db whose schema the SQLite store has brought up to date. Throws
// StoreError when the target holds any data, the schemas differ, or a row cannot be stored; the
// target is then left as it was.
ImportReport import_sqlite(const std::string& sqlite_path, const std::string& postgres_url,
                           const ImportProgress& progress);

}  // namespace tender::store::postgres
