// status(): what the sandbox answers about an operation by the engine's operation id.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "connectors/sandbox/sandbox_acquirer.hpp"
#include "sandbox_test_support.hpp"

namespace {

using namespace tender::connectors::sandbox::testing;
using Known = StatusAnswer::Known;

constexpr const char* kTimeoutCard = "4000000000001018";

// The status answer carries the very answer the call returned.
void expect_same_answer(const StatusAnswer& status, const Outcome& answered) {
  EXPECT_EQ(status.known, answered.approved ? Known::approved : Known::declined);
  EXPECT_EQ(status.outcome.approved, answered.approved);
  EXPECT_EQ(status.outcome.decline, answered.decline);
  EXPECT_EQ(status.outcome.message, answered.message);
  EXPECT_EQ(status.outcome.response_code, answered.response_code);
  EXPECT_EQ(status.outcome.auth_code, answered.auth_code);
  EXPECT_EQ(status.outcome.rrn, answered.rrn);
  EXPECT_EQ(status.outcome.stan, answered.stan);
  EXPECT_EQ(status.outcome.acquirer_reference, answered.acquirer_reference);
  EXPECT_EQ(status.outcome.scheme, answered.scheme);
  EXPECT_EQ(status.outcome.country, answered.country);
  EXPECT_EQ(status.outcome.card_type, answered.card_type);
  EXPECT_EQ(status.outcome.processing_time, answered.processing_time);
}

struct SandboxStatusTest : ::testing::Test {
  FakeClock clock{kNow};
  SandboxAcquirer acquirer{clock, SandboxOptions{}};
};

TEST_F(SandboxStatusTest, ApprovedOperations) {
  const AuthorizeRequest authorize = hold(kVisa, 1000);
  const Outcome held = acquirer.authorize(authorize);
  ASSERT_TRUE(held.approved);
  expect_same_answer(acquirer.status(authorize.operation_id), held);
  const FollowUpRequest capture = follow(held.acquirer_reference, 800);
  const FollowUpRequest refund = follow(held.acquirer_reference, 300);
  const FollowUpRequest release = follow(acquirer.authorize(hold(kVisa)).acquirer_reference);
  for (const auto* r : {&capture, &refund, &release}) EXPECT_EQ(acquirer.status(r->operation_id).known, Known::unknown);
  const Outcome captured = acquirer.capture(capture);
  const Outcome refunded = acquirer.refund(refund);
  const Outcome released = acquirer.release(release);
  ASSERT_TRUE(captured.approved && refunded.approved && released.approved);
  expect_same_answer(acquirer.status(capture.operation_id), captured);
  expect_same_answer(acquirer.status(refund.operation_id), refunded);
  expect_same_answer(acquirer.status(release.operation_id), released);
  // Asking changes nothing: the earlier answers stand, and the hold is as the capture left it.
  expect_same_answer(acquirer.status(authorize.operation_id), held);
  EXPECT_FALSE(acquirer.refund(follow(held.acquirer_reference, 501)).approved);
}

TEST_F(SandboxStatusTest, DeclinedOperations) {
  const AuthorizeRequest authorize = request("4000000000000010");
  const Outcome declined = acquirer.authorize(authorize);
  const StatusAnswer status = acquirer.status(authorize.operation_id);
  expect_same_answer(status, declined);
  EXPECT_EQ(status.outcome.decline, DeclineReason::insufficient_funds);
  EXPECT_EQ(status.outcome.message, "Insufficient funds");
  // Follow-ups the "acquirer" refused are declined too.
  const std::string ref = acquirer.authorize(hold(kVisa, 1000)).acquirer_reference;
  const FollowUpRequest too_much = follow(ref, 1001);
  const Outcome refused_capture = acquirer.capture(too_much);
  expect_same_answer(acquirer.status(too_much.operation_id), refused_capture);
  EXPECT_EQ(refused_capture.decline, DeclineReason::invalid_amount);
  const FollowUpRequest foreign = follow("not-ours", 100);
  const Outcome refused_refund = acquirer.refund(foreign);
  expect_same_answer(acquirer.status(foreign.operation_id), refused_refund);
  EXPECT_EQ(refused_refund.decline, DeclineReason::unrecognized);
}

TEST_F(SandboxStatusTest, UnknownWhenTheRequestNeverReachedTheAcquirer) {
  EXPECT_EQ(acquirer.status("never-sent").known, Known::unknown);
  // Card-data and amount errors are found before the network.
  AuthorizeRequest zero = request(kVisa);
  zero.amount_minor = 0;
  for (const AuthorizeRequest& r : {request("4444333322221112"), request(kVisa, "123", 2, 2026), request(kVisa, "12"), zero}) {
    const Outcome o = acquirer.authorize(r);
    ASSERT_TRUE(o.decline);
    const StatusAnswer status = acquirer.status(r.operation_id);
    EXPECT_EQ(status.known, Known::unknown) << to_string(*o.decline);
    EXPECT_FALSE(status.outcome.approved);
    EXPECT_EQ(status.outcome.decline, std::nullopt);
  }
  const std::string ref = acquirer.authorize(hold(kVisa)).acquirer_reference;
  for (const FollowUpRequest& r : {follow(ref, 0), follow(ref, -1)}) {
    EXPECT_EQ(acquirer.capture(r).decline, DeclineReason::invalid_amount);
    EXPECT_EQ(acquirer.refund(r).decline, DeclineReason::invalid_amount);
    EXPECT_EQ(acquirer.status(r.operation_id).known, Known::unknown);
  }
}

TEST_F(SandboxStatusTest, AnEmptyOperationIdIsNeverFound) {
  AuthorizeRequest r = hold(kVisa);
  r.operation_id = "";
  const Outcome held = acquirer.authorize(r);
  ASSERT_TRUE(held.approved);
  EXPECT_EQ(acquirer.status("").known, Known::unknown);
  EXPECT_TRUE(acquirer.capture(follow(held.acquirer_reference, 1000)).approved);
}

constexpr int kSleepMs = 200;

// Runs call on a thread, and asks for the status of operation_id half-way through the call's
// sleep of kSleepMs.
template <class Call>
Known status_half_way(SandboxAcquirer& acquirer, const std::string& operation_id, Call call) {
  std::atomic<bool> returned{false};
  std::thread caller([&] {
    call();
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(kSleepMs / 2));
  const Known known = acquirer.status(operation_id).known;
  EXPECT_FALSE(returned) << "the call returned before its sleep was over";
  caller.join();
  return known;
}

TEST(SandboxStatus, DecidedBeforeTheDelay) {
  FakeClock clock(kNow);
  SandboxAcquirer acquirer(clock, SandboxOptions{.delay_ms = kSleepMs});
  const AuthorizeRequest authorize = hold(kVisa);
  Outcome held;
  EXPECT_EQ(status_half_way(acquirer, authorize.operation_id, [&] { held = acquirer.authorize(authorize); }),
            Known::approved);
  const AuthorizeRequest declined = request("4000000000000028");
  EXPECT_EQ(status_half_way(acquirer, declined.operation_id, [&] { acquirer.authorize(declined); }), Known::declined);
  const FollowUpRequest capture = follow(held.acquirer_reference, 1000);
  EXPECT_EQ(status_half_way(acquirer, capture.operation_id, [&] { acquirer.capture(capture); }), Known::approved);
}

TEST(SandboxStatus, TheTimeoutCardIsHeardOfOnlyAfterItsSleep) {
  FakeClock clock(kNow);
  SandboxAcquirer acquirer(clock, SandboxOptions{.timeout_card_delay_ms = kSleepMs});
  const AuthorizeRequest slow = hold(kTimeoutCard);
  Outcome answered;
  EXPECT_EQ(status_half_way(acquirer, slow.operation_id, [&] { answered = acquirer.authorize(slow); }), Known::unknown);
  ASSERT_TRUE(answered.approved);
  expect_same_answer(acquirer.status(slow.operation_id), answered);
}

}  // namespace
