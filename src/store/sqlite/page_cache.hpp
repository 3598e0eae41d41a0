#pragma once
// SQLite's own page cache (pcache1), wrapped so that a commit does not walk its whole hash table.
//
// When a B-tree page splits, SQLite's balance_nonroot swaps page numbers through a temporary key,
// the lock-byte page (2^30 / page size + 1: 262145 with 4 KiB pages), which no database page ever
// uses. pcache1 remembers the highest key it has held, so after any split that key is far above
// the database's size, and every commit's truncation to the database size (pager_end_transaction)
// scans all the hash slots: 16,384 for the writer's 64 MiB cache, 6-7 % of the server's samples
// under captures and refunds (found with gdb on pcache1Truncate). The wrapper keeps the highest key
// it has handed out itself, leaving the temporary key aside, and passes a truncation on only when
// a page at or beyond the limit may exist. A page left under the temporary key (a split that failed
// half-way) is harmless: SQLite refuses to read the lock-byte page, so it is never served.
//
// Installed once per process, before SQLite is initialized (sqlite3_config must come first);
// when SQLite was already initialized (a tool opened a database first) it stays unwrapped.
namespace tender::store::sqlite {

// True when the wrapper is in place (now or from an earlier call). Thread-safe; idempotent.
bool install_page_cache();

}  // namespace tender::store::sqlite
