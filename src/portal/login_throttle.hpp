#pragma once
// Limits password guessing at the portal's login: after kMaxFailures failed attempts within
// kWindowSeconds for one email (or kMaxFailuresPerAddress for one client address), further
// attempts are refused until the oldest failure leaves the window, right password or not.
// Held in memory: a restart forgets it, and each node of a PostgreSQL installation counts alone
// (an attacker spreading over N nodes gets N times the attempts; still a handful per window).
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tender::portal {

class LoginThrottle {
 public:
  static constexpr std::size_t kMaxFailures = 5;
  static constexpr std::size_t kMaxFailuresPerAddress = 50;
  static constexpr std::int64_t kWindowSeconds = 15 * 60;
  static constexpr std::size_t kMaxTrackedKeys = 100'000;  // then the table starts again empty

  // True when an attempt for `email` from `address` may be checked now.
  bool allowed(const std::string& email, const std::string& address, std::int64_t now);
  void failed(const std::string& email, const std::string& address, std::int64_t now);
  void succeeded(const std::string& email);
  // Seconds until an attempt would be allowed again (0 when it is).
  std::int64_t retry_after(const std::string& email, const std::string& address, std::int64_t now);

 private:
  std::size_t recent(const std::string& key, std::int64_t now);  // drops failures out of the window
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> failures_;
};

}  // namespace tender::portal
