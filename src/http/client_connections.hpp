#pragma once
// Connections held per client address, so that one client's idle connections cannot take every
// connection the server allows (ServerOptions::max_connections_per_client). Behind a proxy or load
// balancer every connection comes from its address: raise the limit there, or set it to 0 (off).
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tender::http {

class ClientConnections {
 public:
  explicit ClientConnections(std::size_t max_per_client = 0) : max_per_client_(max_per_client) {}
  void set_limit(std::size_t max_per_client) { max_per_client_ = max_per_client; }
  // Counts one more connection of `address`; false (and nothing counted) when it holds its maximum.
  bool admit(const std::string& address);
  void release(const std::string& address);
  std::size_t held(const std::string& address) const;

 private:
  std::size_t max_per_client_;  // 0: no limit
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> held_;  // only addresses holding connections
};

}  // namespace tender::http
