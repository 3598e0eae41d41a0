// mark_as_paid.cpp: the merchant says the purchase was paid outside Tender; no money moves.
#include "engine_fixture.hpp"

namespace tender::engine::test {
namespace {

class EngineMarkAsPaid : public EngineTest {
 protected:
  Purchase mark(const Purchase& p, std::optional<std::int64_t> paid_on = std::nullopt) {
    return engine.lifecycle.mark_as_paid(caller, p.id, paid_on);
  }
};

TEST_F(EngineMarkAsPaid, PaysWithoutPostingsOrFee) {
  auto np = order(4200);
  np.due = kStart + 3600;
  auto p = create(std::move(np));
  ASSERT_TRUE(timer(p.id, "due"));
  clock.advance(60);
  auto marked = mark(p, kStart - 86400);

  EXPECT_EQ(marked.status, Status::paid);
  EXPECT_TRUE(marked.marked_as_paid);
  EXPECT_EQ(marked.captured_minor, 0);
  ASSERT_TRUE(marked.payment);
  EXPECT_EQ(marked.payment->payment_type, "custom");
  EXPECT_EQ(marked.payment->amount_minor, 4200);
  EXPECT_EQ(marked.payment->fee_amount_minor, 0);
  EXPECT_EQ(marked.payment->paid_on, kStart - 86400);
  EXPECT_EQ(marked.updated_on, kStart + 60);
  EXPECT_TRUE(postings(p.id).empty());
  EXPECT_FALSE(timer(p.id, "due"));
  EXPECT_EQ(events(p.id).back(), "purchase.marked_as_paid");
  EXPECT_TRUE(acquirer->requests().empty());
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(EngineMarkAsPaid, PaidOnDefaultsToTheEngineClock) {
  clock.advance(90);
  EXPECT_EQ(mark(create(100)).payment->paid_on, kStart + 90);
}

TEST_F(EngineMarkAsPaid, AnExpiredPurchaseMayBeMarkedAsPaid) {
  auto np = order(4200);
  np.due = kStart + 10;
  np.due_strict = true;
  auto p = create(std::move(np));
  clock.advance(10);
  engine.timers.sweep();
  ASSERT_EQ(reload(p.id).status, Status::expired);
  EXPECT_EQ(mark(p).status, Status::paid);
}

TEST_F(EngineMarkAsPaid, RefusedWhenPaidOrInFlight) {
  auto e = error_of([&] { mark(paid(100)); });
  EXPECT_EQ(e.kind(), ErrorKind::invalid_state);
  EXPECT_EQ(e.code(), "purchase_mark_as_paid_error");

  answer_late(Answer::approve());
  auto p = create(100);
  ASSERT_EQ(pay(p).outcome, PayOutcome::pending);
  EXPECT_EQ(error_of([&] { mark(p); }).code(), "purchase_mark_as_paid_error");
  let_answer_arrive();
  auto stored = reload(p.id);
  EXPECT_EQ(stored.status, Status::paid);
  EXPECT_FALSE(stored.marked_as_paid);
}

}  // namespace
}  // namespace tender::engine::test
