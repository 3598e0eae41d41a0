#include "app/sweeper.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace tender::app {

namespace {
constexpr const char* kLeaseName = "sweeper";
constexpr const char* kHeartbeatKind = "node_heartbeat";
constexpr auto kBeatEvery = std::chrono::seconds(2);
constexpr std::int64_t kDeadAfterSeconds = 8;
constexpr std::int64_t kForgetAfterSeconds = 3600;

std::int64_t field(const boost::json::object& o, const char* name) {
  auto* v = o.if_contains(name);
  return v && v->is_int64() ? v->get_int64() : 0;
}
}  // namespace

Sweeper::Sweeper(engine::TimerSweep& timers, store::Store& store, SweeperOptions options)
    : timers_(timers), store_(store), options_(std::move(options)),
      started_(options_.clock ? options_.clock->now_seconds() + 1 : 0), thread_([this] { loop(); }) {}

Sweeper::~Sweeper() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (leader_) {
    try {
      store_.release_lease(kLeaseName, options_.node_id);
    } catch (const std::exception& e) {
      spdlog::warn("sweeper: cannot release the lease (it expires by itself): {}", e.what());
    }
  }
}

double Sweeper::seconds_since_last_pass() const {
  const std::chrono::steady_clock::duration last{last_pass_.load(std::memory_order_relaxed)};
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch() - last).count();
}

void Sweeper::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool Sweeper::hold_lease() {
  bool held = false;
  try {
    held = store_.acquire_lease(kLeaseName, options_.node_id, options_.lease_ttl_ms);
  } catch (const std::exception& e) {
    spdlog::error("sweeper: cannot renew the lease: {}", e.what());
  }
  if (held != leader_) {
    if (held) {
      spdlog::info("sweeper: node {} holds the sweeper lease", options_.node_id);
      recovered_at_ = {};  // recover at once: the previous holder may have died
    }
    else spdlog::warn("sweeper: node {} lost the sweeper lease", options_.node_id);
    leader_ = held;
  }
  return held;
}

void Sweeper::heartbeat() {
  const auto steady = std::chrono::steady_clock::now();
  if (steady - beat_at_ < kBeatEvery) return;
  beat_at_ = steady;
  try {
    const std::int64_t now = options_.clock->now_seconds();
    const std::string body = boost::json::serialize(boost::json::object{{"started", started_}, {"at", now}});
    store_.write([&](store::WriteTxn& tx) {
      auto r = tx.get(kHeartbeatKind, options_.node_id);
      store::Record rec{kHeartbeatKind, options_.node_id, "", "", "", started_, 0, body};
      tx.put(rec, r ? r->version : 0);
    });
  } catch (const std::exception& e) {
    spdlog::error("sweeper: heartbeat failed: {}", e.what());
  }
}

void Sweeper::maybe_recover() {
  const std::int64_t now = options_.clock->now_seconds();
  std::int64_t min_start = started_;
  std::vector<std::string> forgotten;
  {
    store::ListQuery q;
    q.kind = kHeartbeatKind;
    q.all_companies = true;
    q.limit = 1000;
    for (const auto& r : store_.read()->list(q)) {
      auto o = boost::json::parse(r.body).as_object();
      const std::int64_t at = field(o, "at");
      if (now - at <= kDeadAfterSeconds) min_start = std::min(min_start, field(o, "started"));
      else if (now - at > kForgetAfterSeconds) forgotten.push_back(r.id);
    }
  }
  if (!forgotten.empty()) {
    store_.write([&](store::WriteTxn& tx) {
      for (const auto& id : forgotten) tx.remove(kHeartbeatKind, id);
    });
  }
  const auto steady = std::chrono::steady_clock::now();
  if (recovered_at_ != std::chrono::steady_clock::time_point{} && min_start == recovered_min_start_ &&
      steady - recovered_at_ < options_.recover_every) {
    return;
  }
  recovered_at_ = steady;
  recovered_min_start_ = min_start;
  // Intents recorded before the earliest live start (strictly) have no live owner.
  const std::int64_t cutoff = std::max(now - options_.recover_after_seconds, min_start - 1);
  options_.recover(std::max<std::int64_t>(1, now - cutoff));
}

void Sweeper::maybe_housekeep() {
  if (!options_.housekeeping || !options_.clock) return;
  const std::int64_t now = options_.clock->now_seconds();
  if (housekept_at_ && now - *housekept_at_ < options_.housekeeping_every_seconds) return;
  housekept_at_ = now;
  options_.housekeeping();
}

void Sweeper::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    cv_.wait_for(lock, options_.period, [this] { return stop_ || woken_; });
    if (stop_) break;
    woken_ = false;
    lock.unlock();
    try {
      if (options_.recover) heartbeat();
      if (hold_lease()) {
        if (options_.recover) maybe_recover();
        // Drain: a pass handles a bounded number of timers; keep going while there is work (and
        // the lease, renewed between rounds: a long drain must not outlive it).
        for (int i = 0; i < 20 && timers_.sweep() > 0 && (i % 5 != 4 || hold_lease()); ++i) {
        }
        maybe_housekeep();
      }
      last_pass_.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    } catch (const std::exception& e) {
      spdlog::error("sweep failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace tender::app
