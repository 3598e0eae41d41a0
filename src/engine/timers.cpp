#include "engine/timers.hpp"

#include <boost/json.hpp>

namespace tender::engine {

namespace bj = boost::json;

// The body keeps the key "purchase_id" for the object: timers armed by earlier versions read the same.
void arm_timer(store::WriteTxn& tx, const std::string& object_id, const std::string& company_id,
               const std::string& type, std::int64_t fires_at) {
  std::string id = object_id + ":" + type;
  store::Record r{kTimerKind, id, company_id, "", "armed", fires_at, 0,
                  bj::serialize(bj::object{{"purchase_id", object_id}, {"type", type}})};
  auto existing = tx.get(kTimerKind, id);
  tx.put(r, existing ? existing->version : 0);
}

void disarm_timer(store::WriteTxn& tx, const std::string& object_id, const std::string& type) {
  if (tx.get(kTimerKind, object_id + ":" + type)) tx.remove(kTimerKind, object_id + ":" + type);
}

std::vector<Timer> due_timers(store::ReadView& view, std::int64_t now, std::size_t limit) {
  store::ListQuery q;
  q.kind = kTimerKind;
  q.all_companies = true;
  q.statuses = {"armed"};
  q.created_to = now;
  q.oldest_first = true;  // with a backlog, the longest overdue fire first
  q.limit = limit;
  std::vector<Timer> out;
  for (const auto& r : view.list(q)) {
    auto body = bj::parse(r.body).as_object();
    out.push_back(Timer{r.id, std::string(body["purchase_id"].as_string()), r.company_id,
                        std::string(body["type"].as_string()), r.created_on});
  }
  return out;
}

}  // namespace tender::engine
