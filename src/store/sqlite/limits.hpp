#pragma once
// Hard limits of the SQLite store. Inputs beyond them are caller bugs (std::invalid_argument);
// results beyond them are truncated to the documented caps.
#include <chrono>
#include <cstddef>

namespace tender::store::sqlite {

inline constexpr std::size_t kMaxKeyBytes = 256;                 // kind, id, company_id, lookup, status, keys
inline constexpr std::size_t kMaxDocumentBytes = 4 * 1024 * 1024;  // body, payload, response body
inline constexpr std::size_t kMaxListLimit = 1000;               // rows per list() page
inline constexpr std::size_t kMaxListStatuses = 16;              // distinct statuses per list() filter
inline constexpr std::size_t kMaxCompanyPostings = 10000;        // rows per postings_for_company()
inline constexpr std::size_t kMaxPurchasePostings = 10000;       // more than this for one purchase is corruption
inline constexpr std::size_t kMaxOutboxLimit = 1000;             // rows per outbox_after()
inline constexpr std::size_t kMaxLegsPerPost = 1000;             // legs per post() call
inline constexpr std::size_t kMaxCachedStatements = 256;         // per connection; SQL comes from a finite set
inline constexpr std::size_t kMaxReaderConnections = 64;
inline constexpr std::size_t kMaxBatch = 10000;
inline constexpr std::size_t kMaxQueue = 1000000;
inline constexpr int kBusyTimeoutMs = 5000;
// A reader waits this long for a free connection before failing; a leaked ReadView should
// surface as an error rather than as a silent hang.
inline constexpr std::chrono::seconds kReaderWait{30};

}  // namespace tender::store::sqlite
