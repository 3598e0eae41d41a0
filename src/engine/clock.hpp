#pragma once
// Time comes from here, never from the system directly, so that dues, expiries and retry
// schedules are testable without sleeping. A test-mode company can move its clock forward.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tender::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_seconds() const = 0;
};

// The system clock plus an adjustable offset (the test clock); the offset only grows.
class SystemClock : public Clock {
 public:
  std::int64_t now_seconds() const override {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + offset_seconds_.load();
  }
  void advance(std::int64_t seconds) {
    if (seconds > 0) offset_seconds_.fetch_add(seconds);
  }
  std::int64_t offset_seconds() const { return offset_seconds_.load(); }

 private:
  std::atomic<std::int64_t> offset_seconds_{0};
};

}  // namespace tender::engine
