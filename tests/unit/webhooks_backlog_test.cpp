// The webhook backlog's age, read from the store: the oldest pending delivery's event, or the
// oldest outbox event not fanned out yet.
#include "webhooks/backlog.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"
#include "webhooks/delivery.hpp"
#include "webhooks/outbox_retention.hpp"

namespace tender::webhooks {
namespace {

using store::test_support::TempSqliteStore;

Delivery delivery(const std::string& id, DeliveryStatus status, std::int64_t created_on, std::int64_t event_created_on) {
  Delivery d;
  d.id = id;
  d.company_id = "co1";
  d.status = status;
  d.event_id = "e-" + id;
  d.event_created_on = event_created_on;
  d.destination = "webhook";
  d.webhook_id = "w1";
  d.created_on = d.updated_on = created_on;
  return d;
}

void put_delivery(store::Store& s, const Delivery& d) {
  s.write([&](store::WriteTxn& tx) {
    auto r = delivery_record(d);
    tx.put(r, 0);
  });
}

void set_cursor(store::Store& s, std::int64_t seq) {
  s.write([&](store::WriteTxn& tx) {
    auto cur = tx.get(kDispatcherStateKind, kOutboxCursorId);
    store::Record r{kDispatcherStateKind, kOutboxCursorId, "", "", "", 1, 0, R"({"seq":)" + std::to_string(seq) + "}"};
    tx.put(r, cur ? cur->version : 0);
  });
}

std::int64_t append_event(store::Store& s, std::int64_t created_on) {
  std::int64_t seq = 0;
  s.write([&](store::WriteTxn& tx) {
    auto e = store::test_support::make_event("ev-" + std::to_string(created_on));
    e.created_on = created_on;
    tx.append(e);
    seq = e.seq;
  });
  return seq;
}

TEST(MetricsWebhookBacklog, NothingWaitingIsNullopt) {
  TempSqliteStore s("tender_backlog");
  EXPECT_FALSE(oldest_undelivered_event(*s->read()));
}

TEST(MetricsWebhookBacklog, TheOldestPendingDeliveryCountsDeliveredOnesDoNot) {
  TempSqliteStore s("tender_backlog");
  put_delivery(*s, delivery("d-old-done", DeliveryStatus::delivered, 100, 90));
  put_delivery(*s, delivery("d-new", DeliveryStatus::pending, 300, 290));
  put_delivery(*s, delivery("d-old", DeliveryStatus::pending, 200, 190));
  put_delivery(*s, delivery("d-failed", DeliveryStatus::failed, 150, 140));
  EXPECT_EQ(oldest_undelivered_event(*s->read()), 190);
}

TEST(MetricsWebhookBacklog, EventsNotFannedOutYetCountToo) {
  TempSqliteStore s("tender_backlog");
  const auto first = append_event(*s, 50);
  append_event(*s, 60);
  EXPECT_EQ(oldest_undelivered_event(*s->read()), 50);  // no cursor yet: everything waits
  set_cursor(*s, first);
  EXPECT_EQ(oldest_undelivered_event(*s->read()), 60);
  put_delivery(*s, delivery("d", DeliveryStatus::pending, 70, 55));
  EXPECT_EQ(oldest_undelivered_event(*s->read()), 55);  // older than the next event
}

TEST(MetricsWebhookBacklog, OldestFirstListsAreForBackgroundJobsOnly) {
  TempSqliteStore s("tender_backlog");
  store::ListQuery q;
  q.kind = kDeliveryKind;
  q.oldest_first = true;
  q.company_id = "co1";
  EXPECT_THROW(s->read()->list(q), std::invalid_argument);  // one company
  q.all_companies = true;
  q.after_created_on = 5;
  EXPECT_THROW(s->read()->list(q), std::invalid_argument);  // with a cursor
}

}  // namespace
}  // namespace tender::webhooks
