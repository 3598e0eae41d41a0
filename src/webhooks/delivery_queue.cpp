#include "webhooks/delivery_queue.hpp"
#include "util/invariant.hpp"


namespace tender::webhooks {

void DeliveryQueue::unschedule(const std::string& key, Queue& q) {
  if (q.busy || q.items.empty()) return;
  const Entry& head = q.items.begin()->second;
  timeline_.erase(Slot{head.due_at, head.seq, key});
}

void DeliveryQueue::schedule(const std::string& key, Queue& q) {
  if (q.busy || q.items.empty()) return;
  const Entry& head = q.items.begin()->second;
  timeline_.insert(Slot{head.due_at, head.seq, key});
}

void DeliveryQueue::add(const Entry& entry) {
  auto known = where_.find(entry.delivery_id);
  if (known != where_.end()) {
    Queue& q = queues_[known->second.first];
    unschedule(known->second.first, q);
    q.items[known->second.second].due_at = entry.due_at;
    schedule(known->second.first, q);
    return;
  }
  Queue& q = queues_[entry.queue_key];
  unschedule(entry.queue_key, q);  // the head may change
  auto [it, inserted] = q.items.emplace(entry.seq, entry);
  TENDER_ASSERT(inserted && "one delivery per event and destination", "one_delivery_per_destination", "delivery_queue.cpp");
  if (!inserted) it->second = entry;
  where_[entry.delivery_id] = {entry.queue_key, entry.seq};
  schedule(entry.queue_key, q);
}

std::vector<DeliveryQueue::Entry> DeliveryQueue::take_due(std::int64_t now, std::size_t max) {
  std::vector<Entry> out;
  while (out.size() < max && !timeline_.empty()) {
    auto first = timeline_.begin();
    if (std::get<0>(*first) > now) break;
    const std::string key = std::get<2>(*first);
    timeline_.erase(first);
    Queue& q = queues_.at(key);
    TENDER_ASSERT(!q.busy && !q.items.empty(), "delivery_queue_ready", "delivery_queue.cpp");
    q.busy = true;
    q.busy_id = q.items.begin()->second.delivery_id;
    ++busy_;
    out.push_back(q.items.begin()->second);
  }
  return out;
}

void DeliveryQueue::finish(const std::string& delivery_id, std::optional<std::int64_t> next_due_at) {
  auto known = where_.find(delivery_id);
  if (known == where_.end()) return;
  const std::string key = known->second.first;
  const std::int64_t seq = known->second.second;
  Queue& q = queues_.at(key);
  if (q.busy && q.busy_id == delivery_id) {
    q.busy = false;
    q.busy_id.clear();
    --busy_;
  } else {
    unschedule(key, q);
  }
  if (next_due_at) {
    q.items.at(seq).due_at = *next_due_at;
  } else {
    q.items.erase(seq);
    where_.erase(known);
  }
  if (q.items.empty() && !q.busy) {
    queues_.erase(key);
    return;
  }
  schedule(key, q);
}

bool DeliveryQueue::remove(const std::string& delivery_id) {
  if (in_flight(delivery_id)) return false;
  if (!contains(delivery_id)) return true;
  finish(delivery_id, std::nullopt);
  return true;
}

bool DeliveryQueue::in_flight(const std::string& delivery_id) const {
  auto known = where_.find(delivery_id);
  if (known == where_.end()) return false;
  const Queue& q = queues_.at(known->second.first);
  return q.busy && q.busy_id == delivery_id;
}

std::optional<std::int64_t> DeliveryQueue::next_due() const {
  if (timeline_.empty()) return std::nullopt;
  return std::get<0>(*timeline_.begin());
}

}  // namespace tender::webhooks
