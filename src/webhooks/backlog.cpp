#include "webhooks/backlog.hpp"

#include <algorithm>

#include "webhooks/delivery.hpp"
#include "webhooks/outbox_retention.hpp"

namespace tender::webhooks {

std::optional<std::int64_t> oldest_undelivered_event(store::ReadView& view) {
  std::optional<std::int64_t> oldest;
  store::ListQuery q;
  q.kind = kDeliveryKind;
  q.all_companies = true;
  q.statuses = {std::string(to_string(DeliveryStatus::pending))};
  q.oldest_first = true;
  q.limit = 1;
  if (auto rows = view.list(q); !rows.empty()) oldest = delivery_from_record(rows.front()).event_created_on;
  const std::int64_t cursor = outbox_cursor(view.get(kDispatcherStateKind, kOutboxCursorId));
  if (auto events = view.outbox_after(cursor, 1); !events.empty())
    oldest = oldest ? std::min(*oldest, events.front().created_on) : events.front().created_on;
  return oldest;
}

}  // namespace tender::webhooks
