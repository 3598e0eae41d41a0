#pragma once
// The ordering rule, in memory: pending deliveries grouped into queues (one per object and
// destination), each ordered by outbox seq. Only the head of a queue may be attempted, and only
// one attempt per queue is in flight, so no later event of a purchase reaches a destination
// while an earlier one to it is undelivered. A head leaves its queue when delivered or given up.
// Not thread-safe: the dispatcher holds its lock around every call.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace tender::webhooks {

class DeliveryQueue {
 public:
  struct Entry {
    std::string delivery_id;
    std::string queue_key;
    std::int64_t seq = 0;
    std::int64_t due_at = 0;  // clock seconds
  };

  // Adds a pending delivery; an id already present only has its due time updated.
  void add(const Entry& entry);
  // Heads of idle queues due at `now` or earlier, earliest first, at most `max`. Their queues
  // become busy until finish().
  std::vector<Entry> take_due(std::int64_t now, std::size_t max);
  // Ends the attempt on a taken entry: nullopt removes it (delivered or given up), a time
  // keeps it at the head, due then.
  void finish(const std::string& delivery_id, std::optional<std::int64_t> next_due_at);
  // Removes an entry that is not in flight (e.g. its webhook was deleted). False if in flight.
  bool remove(const std::string& delivery_id);
  // The earliest due time among heads of idle queues.
  std::optional<std::int64_t> next_due() const;
  bool contains(const std::string& delivery_id) const { return where_.count(delivery_id) != 0; }
  bool in_flight(const std::string& delivery_id) const;
  std::size_t size() const { return where_.size(); }
  std::size_t busy_queues() const { return busy_; }

 private:
  struct Queue {
    std::map<std::int64_t, Entry> items;  // by seq; begin() is the head
    bool busy = false;
    std::string busy_id;
  };
  using Slot = std::tuple<std::int64_t, std::int64_t, std::string>;  // due_at, seq, queue_key

  void unschedule(const std::string& key, Queue& q);
  void schedule(const std::string& key, Queue& q);

  std::unordered_map<std::string, Queue> queues_;
  std::unordered_map<std::string, std::pair<std::string, std::int64_t>> where_;  // id -> (queue, seq)
  std::set<Slot> timeline_;  // one slot per idle, non-empty queue: its head
  std::size_t busy_ = 0;
};

}  // namespace tender::webhooks
