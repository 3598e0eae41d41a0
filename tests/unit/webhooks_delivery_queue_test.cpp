// The ordering rule: per (object, destination) queue, only the oldest undelivered event may be
// attempted, one attempt at a time; different queues do not wait for each other.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "webhooks/delivery_queue.hpp"

namespace tender::webhooks {
namespace {

using Entry = DeliveryQueue::Entry;

std::vector<std::string> ids(const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.delivery_id);
  return out;
}

TEST(WebhooksDeliveryQueue, OnlyTheHeadOfAQueueIsDue) {
  DeliveryQueue q;
  q.add({"d1", "p1|w", 1, 100});
  q.add({"d2", "p1|w", 2, 100});
  q.add({"d3", "p1|w", 3, 100});
  EXPECT_EQ(ids(q.take_due(100, 10)), std::vector<std::string>{"d1"});
  EXPECT_TRUE(q.take_due(1000, 10).empty()) << "one attempt per queue at a time";
  q.finish("d1", std::nullopt);  // delivered
  EXPECT_EQ(ids(q.take_due(100, 10)), std::vector<std::string>{"d2"});
}

TEST(WebhooksDeliveryQueue, AFailedHeadBlocksLaterEventsUntilItIsDeliveredOrGivenUp) {
  DeliveryQueue q;
  q.add({"created", "p1|w", 1, 0});
  q.add({"paid", "p1|w", 2, 0});
  ASSERT_EQ(ids(q.take_due(0, 10)), std::vector<std::string>{"created"});
  q.finish("created", 30);  // failed, retry at 30
  EXPECT_TRUE(q.take_due(29, 10).empty()) << "paid must wait for created";
  EXPECT_EQ(q.next_due(), 30);
  ASSERT_EQ(ids(q.take_due(30, 10)), std::vector<std::string>{"created"});
  q.finish("created", std::nullopt);  // given up (or delivered): the queue moves on
  EXPECT_EQ(ids(q.take_due(30, 10)), std::vector<std::string>{"paid"});
}

TEST(WebhooksDeliveryQueue, QueuesAreIndependent) {
  DeliveryQueue q;
  q.add({"a1", "p1|w1", 1, 0});
  q.add({"b1", "p1|w2", 1, 0});  // same purchase, other destination
  q.add({"c1", "p2|w1", 2, 0});  // other purchase, same destination
  auto due = ids(q.take_due(0, 10));
  std::sort(due.begin(), due.end());
  EXPECT_EQ(due, (std::vector<std::string>{"a1", "b1", "c1"}));
  EXPECT_EQ(q.busy_queues(), 3u);
}

TEST(WebhooksDeliveryQueue, TakesEarliestDueFirstAndRespectsTheLimit) {
  DeliveryQueue q;
  q.add({"late", "p1|w", 1, 50});
  q.add({"early", "p2|w", 2, 10});
  q.add({"future", "p3|w", 3, 500});
  EXPECT_EQ(ids(q.take_due(100, 1)), std::vector<std::string>{"early"});
  EXPECT_EQ(ids(q.take_due(100, 5)), std::vector<std::string>{"late"});
  EXPECT_EQ(q.next_due(), 500);
}

TEST(WebhooksDeliveryQueue, AnEarlierEventAddedLaterBecomesTheHead) {
  // A resend of an old delivery: it goes before later events of its queue.
  DeliveryQueue q;
  q.add({"d5", "p1|w", 5, 0});
  q.add({"d3", "p1|w", 3, 0});
  EXPECT_EQ(ids(q.take_due(0, 10)), std::vector<std::string>{"d3"});
}

TEST(WebhooksDeliveryQueue, AddingAKnownIdOnlyMovesItsDueTime) {
  DeliveryQueue q;
  q.add({"d1", "p1|w", 1, 1000});
  q.add({"d1", "p1|w", 1, 5});
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(ids(q.take_due(5, 10)), std::vector<std::string>{"d1"});
}

TEST(WebhooksDeliveryQueue, RemoveRefusesAnEntryInFlight) {
  DeliveryQueue q;
  q.add({"d1", "p1|w", 1, 0});
  q.add({"d2", "p1|w", 2, 0});
  ASSERT_EQ(q.take_due(0, 1).size(), 1u);
  EXPECT_FALSE(q.remove("d1"));
  EXPECT_TRUE(q.remove("d2"));
  q.finish("d1", std::nullopt);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.next_due(), std::nullopt);
}

// Random schedules: whatever the outcomes, every queue's events start in seq order, each only
// after the previous one of its queue finished for good, and all of them eventually do.
TEST(WebhooksDeliveryQueue, RandomRunsKeepThePerQueueOrder) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    DeliveryQueue q;
    std::map<std::string, std::vector<std::int64_t>> expected;  // queue -> seqs
    std::map<std::string, std::pair<std::string, std::int64_t>> meta;
    std::int64_t seq = 0;
    for (int i = 0; i < 60; ++i) {
      const std::string key = "p" + std::to_string(rng() % 6) + "|w" + std::to_string(rng() % 2);
      const std::string id = "d" + std::to_string(++seq);
      q.add({id, key, seq, static_cast<std::int64_t>(rng() % 5)});
      expected[key].push_back(seq);
      meta[id] = {key, seq};
    }
    std::map<std::string, std::vector<std::int64_t>> done;
    std::int64_t now = 0;
    std::vector<Entry> flying;
    for (int step = 0; step < 10000 && (q.size() > 0); ++step) {
      for (auto& e : q.take_due(now, 1 + rng() % 4)) {
        // The head of its queue: every earlier seq of that queue is done already.
        const auto& finished = done[e.queue_key];
        const auto& all = expected[e.queue_key];
        ASSERT_EQ(all[finished.size()], e.seq) << "out of order in " << e.queue_key;
        flying.push_back(e);
      }
      if (!flying.empty()) {
        const std::size_t pick = rng() % flying.size();
        Entry e = flying[pick];
        flying.erase(flying.begin() + static_cast<std::ptrdiff_t>(pick));
        if (rng() % 3 == 0) {
          q.finish(e.delivery_id, now + 1 + rng() % 3);  // failed, retry later
        } else {
          q.finish(e.delivery_id, std::nullopt);
          done[e.queue_key].push_back(e.seq);
        }
      }
      ++now;
    }
    EXPECT_EQ(q.size(), 0u);
    EXPECT_EQ(done, expected);
  }
}

}  // namespace
}  // namespace tender::webhooks
