#pragma once
// What portal users changed: one record (kind "portal_audit") per write made in the portal,
// readable by the company's owners, newest first. Entries are only ever added.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tender::portal {

inline constexpr const char* kAuditKind = "portal_audit";
inline constexpr std::size_t kMaxAuditDetailBytes = 500;

struct AuditEntry {
  std::string id;
  std::string company_id;
  std::string user_id;
  std::string email;      // who, as they were called then
  std::string action;     // e.g. "purchase.refund", "user.create", "api_key.revoke"
  std::string object_id;  // what it acted on ("" when nothing in particular)
  std::string detail;     // a short human text, e.g. "MYR 5.00"
  std::string ip;
  std::int64_t created_on = 0;
};

struct AuditPage {
  std::vector<AuditEntry> items;
  bool has_more = false;
};

class AuditLog {
 public:
  explicit AuditLog(store::Store& store) : store_(store) {}
  void record(AuditEntry entry);  // fills id; truncates detail to kMaxAuditDetailBytes
  AuditPage list(const std::string& company_id, std::optional<std::int64_t> after_created_on,
                 std::optional<std::string> after_id, std::size_t limit);

 private:
  store::Store& store_;
};

}  // namespace tender::portal
