// release.cpp: a hold is given back whole; the ledger returns to zero.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineRelease : public EngineTest {
 protected:
  Purchase release(const Purchase& p) { return engine.lifecycle.release(caller, p.id); }
};

TEST_F(EngineRelease, ReleaseGivesTheHoldBack) {
  auto p = held(10000);
  auto released = release(p);

  EXPECT_EQ(released.status, Status::released);
  EXPECT_FALSE(released.payment);
  EXPECT_EQ(released.captured_minor, 0);
  EXPECT_EQ(last_attempt(released).type, "release");
  EXPECT_TRUE(balances(p.id).empty());
  EXPECT_EQ(postings_kinds(p.id), (std::vector<std::string>{"authorization", "release"}));
  EXPECT_FALSE(timer(p.id, "hold_expiry"));
  EXPECT_EQ(events(p.id).back(), "purchase.released");
  EXPECT_TRUE(ledger_problems().empty());

  auto authorize = acquirer->requests_of(RequestKind::authorize).at(0);
  auto request = acquirer->requests_of(RequestKind::release).at(0);
  EXPECT_EQ(request.acquirer_reference, "rem_" + authorize.operation_id);
}

TEST_F(EngineRelease, OnlyAHoldIsReleasable) {
  auto p = held(10000);
  release(p);
  auto again = error_of([&] { release(p); });
  EXPECT_EQ(again.kind(), ErrorKind::invalid_state);
  EXPECT_EQ(again.code(), "purchase_release_error");
  EXPECT_EQ(error_of([&] { release(paid(500)); }).code(), "purchase_release_error");
  EXPECT_EQ(error_of([&] { release(create(500)); }).code(), "purchase_release_error");
  EXPECT_EQ(acquirer->requests_of(RequestKind::release).size(), 1u);
}

TEST_F(EngineRelease, DeclinedReleaseKeepsTheHold) {
  auto p = held(10000);
  acquirer->script(Answer::decline(DeclineReason::acquirer_error));
  EXPECT_EQ(error_of([&] { release(p); }).code(), "purchase_release_error");

  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_EQ(last_error_code(stored), "acquirer_error");
  EXPECT_EQ(balances(p.id).at("merchant_held"), 10000);
  EXPECT_TRUE(timer(p.id, "hold_expiry"));
}

TEST_F(EngineRelease, SlowReleaseIsPendingReleaseThenReleased) {
  auto p = held(10000);
  answer_late(Answer::approve());
  auto pending = release(p);
  EXPECT_EQ(pending.status, Status::pending_release);
  EXPECT_EQ(error_of([&] { engine.lifecycle.capture(caller, p.id, std::nullopt); }).code(), "purchase_capture_error");

  let_answer_arrive();
  EXPECT_EQ(reload(p.id).status, Status::released);
  EXPECT_TRUE(balances(p.id).empty());
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineRelease, SlowDeclinedReleaseReturnsToHold) {
  auto p = held(10000);
  auto stored = answered_late(Answer::decline(DeclineReason::acquirer_error), Status::pending_release,
                              [&] { return release(p); });
  EXPECT_EQ(stored.status, Status::hold);
  EXPECT_EQ(events(p.id).back(), "purchase.release_failure");
  EXPECT_EQ(balances(p.id).at("merchant_held"), 10000);
  EXPECT_TRUE(ledger_problems().empty());
}

}  // namespace
}  // namespace tender::engine::test
