#include "webhooks/delivery_reads.hpp"

#include "engine/ids.hpp"

namespace tender::webhooks {

std::optional<Delivery> find_delivery(store::ReadView& view, const std::string& company_id, const std::string& id) {
  if (!engine::is_uuid(id)) return std::nullopt;
  auto r = view.get(kDeliveryKind, id);
  if (!r || r->company_id != company_id) return std::nullopt;
  return delivery_from_record(*r);
}

DeliveryPage list_deliveries(store::ReadView& view, const std::string& company_id, const DeliveryFilter& f) {
  constexpr std::size_t kChunk = 500;
  DeliveryPage page;
  store::ListQuery q;
  q.kind = kDeliveryKind;
  q.company_id = company_id;
  q.statuses = f.statuses;
  q.after_created_on = f.after_created_on;
  q.after_id = f.after_id;
  q.limit = kChunk;
  std::size_t scanned = 0;
  for (;;) {
    auto rows = view.list(q);
    for (const auto& r : rows) {
      ++scanned;
      auto d = delivery_from_record(r);
      const bool match = (f.webhook_id.empty() || d.webhook_id == f.webhook_id) &&
                         (f.object_id.empty() || d.object_id == f.object_id) &&
                         (f.destination.empty() || d.destination == f.destination);
      if (match) {
        if (page.items.size() == f.limit) {
          // One more match exists: the page ends at the last item kept.
          page.next = DeliveryCursor{page.items.back().created_on, page.items.back().id};
          return page;
        }
        page.items.push_back(std::move(d));
      }
      if (scanned >= kMaxScannedPerPage) {
        page.next = DeliveryCursor{r.created_on, r.id};
        return page;
      }
    }
    if (rows.size() < kChunk) return page;
    q.after_created_on = rows.back().created_on;
    q.after_id = rows.back().id;
  }
}

}  // namespace tender::webhooks
