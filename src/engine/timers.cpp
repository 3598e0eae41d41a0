#include "engine/timers.hpp"

#include <boost/json.hpp>

namespace tender::engine {

namespace bj = boost::json;

void arm_timer(store::WriteTxn& tx, const Purchase& p, const std::string& type, std::int64_t fires_at) {
  std::string id = p.id + ":" + type;
  store::Record r{kTimerKind, id, p.company_id, "", "armed", fires_at, 0,
                  bj::serialize(bj::object{{"purchase_id", p.id}, {"type", type}})};
  auto existing = tx.get(kTimerKind, id);
  tx.put(r, existing ? existing->version : 0);
}

void disarm_timer(store::WriteTxn& tx, const std::string& purchase_id, const std::string& type) {
  if (tx.get(kTimerKind, purchase_id + ":" + type)) tx.remove(kTimerKind, purchase_id + ":" + type);
}

std::vector<Timer> due_timers(store::ReadView& view, std::int64_t now, std::size_t limit) {
  store::ListQuery q;
  q.kind = kTimerKind;
  q.all_companies = true;
  q.statuses = {"armed"};
  q.created_to = now;
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
