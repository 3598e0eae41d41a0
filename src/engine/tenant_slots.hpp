#pragma once
// Admission of acquirer calls to the shared acquirer pool, per company: a company has at most
// per_tenant_limit(threads) calls on the pool at once; its further calls wait in its own queue and
// start as its earlier ones finish. One company paying with a slow card (or a slow acquirer) can
// then hold at most half of the pool, and every other company's calls still find free threads
// (issue: 24 connections of the slow test card used to push every other company's payments to
// 202 pending). Calls of one company start in the order they were posted.
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tender::engine {

// Half of the pool, at least one call.
inline std::size_t per_tenant_limit(std::size_t pool_threads) { return std::max<std::size_t>(1, pool_threads / 2); }

class TenantSlots {
 public:
  TenantSlots(boost::asio::thread_pool& pool, std::size_t per_tenant, std::size_t max_waiting_per_tenant);

  // Runs `task` on the pool now, or once `tenant` has fewer than per_tenant calls running.
  // Returns false, and drops `task` without running it, when the call would have to wait and
  // `tenant` already has max_waiting_per_tenant calls waiting (or every tenant together has
  // kMaxWaiting): a request stops waiting for its call after acquirer_wait_ms while the call
  // stays queued, so a company paying with a card its acquirer never answers could otherwise
  // queue calls without end.
  [[nodiscard]] bool post(const std::string& tenant, std::function<void()> task);

  std::size_t waiting(const std::string& tenant) const;  // queued, not yet on the pool (tests)

  // Calls queued across all tenants at most.
  static constexpr std::size_t kMaxWaiting = 100'000;

 private:
  struct Tenant {
    std::size_t running = 0;
    std::deque<std::function<void()>> waiting;
  };
  void start(const std::string& tenant, std::function<void()> task);
  void finished(const std::string& tenant);

  boost::asio::thread_pool& pool_;
  const std::size_t per_tenant_;
  const std::size_t max_waiting_per_tenant_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Tenant> tenants_;  // only tenants with calls running or waiting
  std::size_t waiting_total_ = 0;
};

}  // namespace tender::engine
