#pragma once
// Limits of the PostgreSQL store. The caps on inputs and results are the SQLite store's own
// (store/sqlite/limits.hpp), so both backends accept and return exactly the same; the values
// below are the ones only a networked, multi-writer database needs.
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "store/sqlite/limits.hpp"

namespace tender::store::postgres {

using sqlite::kMaxCompanyPostings;
using sqlite::kMaxDocumentBytes;
using sqlite::kMaxKeyBytes;
using sqlite::kMaxLegsPerPost;
using sqlite::kMaxListLimit;
using sqlite::kMaxListStatuses;
using sqlite::kMaxOutboxLimit;
using sqlite::kMaxPurchasePostings;

inline constexpr std::size_t kMaxConnections = 256;        // per pool (read and write pools apart)
inline constexpr std::size_t kMaxPreparedStatements = 512; // per connection; list() alone has 408 shapes at most
inline constexpr std::size_t kMaxDeferredStatements = 64;  // per connection; more are sent at once
inline constexpr int kMaxWriteAttempts = 1000;             // upper bound for PostgresOptions::max_write_attempts
// Outbox seq = (top-level transaction id << kOutboxSeqShift) + n, n < 2^kOutboxSeqShift: at most
// 4096 events per transaction, and 2^51 transaction ids before seq overflows (700 years at 100k/s).
inline constexpr int kOutboxSeqShift = 12;
inline constexpr std::size_t kMaxEventsPerTransaction = std::size_t{1} << kOutboxSeqShift;
// A caller waits this long for a free pooled connection before failing, so that a leaked
// ReadView surfaces as an error rather than as a silent hang (as in the SQLite reader pool).
inline constexpr std::chrono::seconds kPoolWait{30};
// Retry back-off after a serialization failure: doubles from 1 ms up to this, with jitter.
inline constexpr std::chrono::milliseconds kMaxRetryBackoff{64};
inline constexpr std::int64_t kMaxLeaseMs = 24 * 3600 * 1000;  // a longer lease would outlive a dead owner too long
// Server-side bounds set on every session.
inline constexpr const char* kStatementTimeout = "30s";
inline constexpr const char* kLockTimeout = "10s";
inline constexpr const char* kIdleInTransactionTimeout = "60s";
inline constexpr const char* kConnectTimeoutSeconds = "10";

}  // namespace tender::store::postgres
