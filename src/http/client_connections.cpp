#include "http/client_connections.hpp"

#include "util/invariant.hpp"

namespace tender::http {

bool ClientConnections::admit(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto& n = held_[address];
  if (max_per_client_ != 0 && n >= max_per_client_) {
    if (n == 0) held_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void ClientConnections::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = held_.find(address);
  TENDER_ASSERT(it != held_.end() && it->second > 0, "client_connection_released_once", "address {}", address);
  if (--it->second == 0) held_.erase(it);
}

std::size_t ClientConnections::held(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = held_.find(address);
  return it == held_.end() ? 0 : it->second;
}

}  // namespace tender::http
