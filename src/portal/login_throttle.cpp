#include "portal/login_throttle.hpp"

#include <algorithm>

namespace tender::portal {

namespace {
std::string email_key(const std::string& email) { return "e:" + email; }
std::string address_key(const std::string& address) { return "a:" + address; }
}  // namespace

std::size_t LoginThrottle::recent(const std::string& key, std::int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - kWindowSeconds) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  return times.size();
}

bool LoginThrottle::allowed(const std::string& email, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  return recent(email_key(email), now) < kMaxFailures && recent(address_key(address), now) < kMaxFailuresPerAddress;
}

void LoginThrottle::failed(const std::string& email, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (failures_.size() >= kMaxTrackedKeys) failures_.clear();
  for (const auto& key : {email_key(email), address_key(address)}) {
    auto& times = failures_[key];
    times.push_back(now);
    if (times.size() > kMaxFailuresPerAddress) times.pop_front();
  }
}

void LoginThrottle::succeeded(const std::string& email) {
  std::lock_guard lock(mutex_);
  failures_.erase(email_key(email));
}

std::int64_t LoginThrottle::retry_after(const std::string& email, const std::string& address, std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::int64_t wait = 0;
  auto check = [&](const std::string& key, std::size_t limit) {
    if (recent(key, now) < limit) return;
    const auto& times = failures_[key];
    wait = std::max(wait, times[times.size() - limit] + kWindowSeconds - now);
  };
  check(email_key(email), kMaxFailures);
  check(address_key(address), kMaxFailuresPerAddress);
  return std::max<std::int64_t>(wait, 0);
}

}  // namespace tender::portal
