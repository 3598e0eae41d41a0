#include "engine/tenant_slots.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "util/invariant.hpp"

namespace tender::engine {

TenantSlots::TenantSlots(boost::asio::thread_pool& pool, std::size_t per_tenant, std::size_t max_waiting_per_tenant)
    : pool_(pool), per_tenant_(per_tenant), max_waiting_per_tenant_(max_waiting_per_tenant) {
  TENDER_ASSERT(per_tenant_ >= 1, "tenant_slots_positive", "tenant_slots.cpp");
}

bool TenantSlots::post(const std::string& tenant, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    Tenant& t = tenants_[tenant];
    if (t.running >= per_tenant_) {
      if (t.waiting.size() >= max_waiting_per_tenant_ || waiting_total_ >= kMaxWaiting) return false;
      t.waiting.push_back(std::move(task));
      ++waiting_total_;
      return true;
    }
    ++t.running;
  }
  start(tenant, std::move(task));
  return true;
}

std::size_t TenantSlots::waiting(const std::string& tenant) const {
  std::lock_guard lock(mutex_);
  auto it = tenants_.find(tenant);
  return it == tenants_.end() ? 0 : it->second.waiting.size();
}

void TenantSlots::start(const std::string& tenant, std::function<void()> task) {
  boost::asio::post(pool_, [this, tenant, task = std::move(task)]() {
    try {
      task();
    } catch (const std::exception& e) {
      // The tasks catch their own failures; this keeps the slot accounting right if one does not.
      spdlog::error("acquirer call for company {} failed: {}", tenant, e.what());
    }
    finished(tenant);
  });
}

void TenantSlots::finished(const std::string& tenant) {
  std::function<void()> next;
  {
    std::lock_guard lock(mutex_);
    auto it = tenants_.find(tenant);
    TENDER_ASSERT(it != tenants_.end() && it->second.running > 0, "tenant_slot_was_taken", "company {}", tenant);
    Tenant& t = it->second;
    if (t.waiting.empty()) {
      if (--t.running == 0) tenants_.erase(it);
      return;
    }
    next = std::move(t.waiting.front());  // the slot passes to this company's next call
    t.waiting.pop_front();
    --waiting_total_;
  }
  start(tenant, std::move(next));
}

}  // namespace tender::engine
