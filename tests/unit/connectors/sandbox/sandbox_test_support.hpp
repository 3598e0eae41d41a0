#pragma once
// Shared by the sandbox acquirer's tests: a clock the test sets, and requests for test cards,
// each with a fresh operation id.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "connectors/connector.hpp"
#include "connectors/sandbox/sandbox_acquirer.hpp"
#include "engine/clock.hpp"

namespace tender::connectors {

// Decline reasons and status answers by name in test failure messages.
inline void PrintTo(DeclineReason reason, std::ostream* os) { *os << to_string(reason); }

inline void PrintTo(StatusAnswer::Known known, std::ostream* os) {
  constexpr const char* kNames[] = {"approved", "declined", "pending", "unknown"};
  *os << kNames[static_cast<int>(known)];
}

}  // namespace tender::connectors

namespace tender::connectors::sandbox::testing {

// The names every sandbox test uses, for `using namespace ...::testing`.
using connectors::AuthorizeRequest;
using connectors::CardData;
using connectors::DeclineReason;
using connectors::FollowUpRequest;
using connectors::Outcome;
using connectors::StatusAnswer;
using sandbox::SandboxAcquirer;
using sandbox::SandboxOptions;

class FakeClock : public engine::Clock {
 public:
  explicit FakeClock(std::int64_t t) : t_(t) {}
  std::int64_t now_seconds() const override { return t_.load(); }
  void set(std::int64_t t) { t_ = t; }

 private:
  std::atomic<std::int64_t> t_;
};

inline std::int64_t utc(int y, unsigned m, unsigned d, int hour = 0) {
  using namespace std::chrono;
  return sys_seconds{sys_days{year{y} / month{m} / day{d}}}.time_since_epoch().count() + hour * 3600;
}

// "Now" for most tests: 15 March 2026, 12:00 UTC.
inline const std::int64_t kNow = utc(2026, 3, 15, 12);

// The approving, not enrolled Visa card of the specification.
inline constexpr const char* kVisa = "4444333322221111";

inline std::string next_operation_id() {
  static std::atomic<int> counter{0};
  return "op-" + std::to_string(++counter);
}

// A sale of 10.00 MYR.
inline AuthorizeRequest request(std::string pan, std::string cvc = "123", int month = 12, int year = 2030) {
  AuthorizeRequest r;
  r.operation_id = next_operation_id();
  r.amount_minor = 1000;
  r.currency = "MYR";
  r.card = CardData{std::move(pan), std::move(cvc), month, year, "Test Payer"};
  return r;
}

inline AuthorizeRequest hold(std::string pan, std::int64_t amount = 1000) {
  AuthorizeRequest r = request(std::move(pan));
  r.capture = false;
  r.amount_minor = amount;
  return r;
}

// A capture, release or refund of this reference.
inline FollowUpRequest follow(std::string reference, std::int64_t amount = 0, std::string currency = "MYR") {
  return FollowUpRequest{next_operation_id(), std::move(reference), amount, std::move(currency)};
}

}  // namespace tender::connectors::sandbox::testing
