#include "portal/audit_log.hpp"

#include <boost/json.hpp>

#include "engine/ids.hpp"
#include "json/access.hpp"

namespace tender::portal {

namespace bj = boost::json;

void AuditLog::record(AuditEntry e) {
  e.id = engine::new_time_ordered_id();  // entries of one second keep their order
  if (e.detail.size() > kMaxAuditDetailBytes) e.detail.resize(kMaxAuditDetailBytes);
  store::Record r{kAuditKind, e.id, e.company_id, "", e.action, e.created_on, 0,
                  bj::serialize(bj::object{{"user_id", e.user_id}, {"email", e.email}, {"object_id", e.object_id},
                                           {"detail", e.detail}, {"ip", e.ip}})};
  store_.write([&](store::WriteTxn& tx) { tx.put(r, 0); });
}

AuditPage AuditLog::list(const std::string& company_id, std::optional<std::int64_t> after_created_on,
                         std::optional<std::string> after_id, std::size_t limit) {
  store::ListQuery q;
  q.kind = kAuditKind;
  q.company_id = company_id;
  q.after_created_on = after_created_on;
  q.after_id = std::move(after_id);
  q.limit = limit + 1;
  AuditPage page;
  for (const auto& r : store_.read()->list(q)) {
    if (page.items.size() == limit) {
      page.has_more = true;
      break;
    }
    auto o = bj::parse(r.body).as_object();
    page.items.push_back(AuditEntry{r.id, r.company_id, json::text(o, "user_id"), json::text(o, "email"), r.status,
                                    json::text(o, "object_id"), json::text(o, "detail"), json::text(o, "ip"), r.created_on});
  }
  return page;
}

}  // namespace tender::portal
