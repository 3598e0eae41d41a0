// The sandbox's journal backed by a file: what a new SandboxAcquirer on the same file (a restart
// of the gateway) still knows, and how the file is kept bounded.
#include "connectors/sandbox/sandbox_journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "connectors/sandbox/sandbox_acquirer.hpp"
#include "crypto/random.hpp"
#include "sandbox_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tender::connectors::sandbox::testing;
using Known = tender::connectors::StatusAnswer::Known;


std::size_t lines_in(const fs::path& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

struct SandboxJournalTest : ::testing::Test {
  const fs::path path = fs::temp_directory_path() / ("tender-sandbox-journal-" + tender::crypto::random_token(12));
  FakeClock clock{kNow};

  void TearDown() override {
    fs::remove(path);
    fs::remove(path.string() + ".tmp");
  }
  SandboxOptions options(std::size_t max_authorizations = 1000, std::uint32_t delay_ms = 0) const {
    return SandboxOptions{.delay_ms = delay_ms, .timeout_card_delay_ms = 0,
                          .max_authorizations = max_authorizations, .journal_path = path.string()};
  }
  // Authorizes count holds of 1.00 and returns their operation ids, oldest first.
  std::vector<std::string> holds(SandboxAcquirer& acquirer, int count) const {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      const AuthorizeRequest r = hold(kVisa, 100);
      EXPECT_TRUE(acquirer.authorize(r).approved);
      ids.push_back(r.operation_id);
    }
    return ids;
  }
};

TEST_F(SandboxJournalTest, AnswersAndHoldsSurviveARestart) {
  const AuthorizeRequest held_request = hold(kVisa, 1000);
  const AuthorizeRequest declined_request = request("4000000000000010");
  Outcome held, sale, released, capture_fails;
  {
    SandboxAcquirer before(clock, options());
    held = before.authorize(held_request);
    sale = before.authorize(request(kVisa));
    EXPECT_TRUE(before.refund(follow(sale.acquirer_reference, 400)).approved);
    released = before.authorize(hold(kVisa, 500));
    EXPECT_TRUE(before.release(follow(released.acquirer_reference)).approved);
    before.authorize(declined_request);
    capture_fails = before.authorize(hold("4000000000001034"));
  }
  SandboxAcquirer after(clock, options());
  EXPECT_EQ(after.remembered_authorizations(), 4u);
  EXPECT_EQ(after.status(held_request.operation_id).known, Known::approved);
  EXPECT_EQ(after.status(held_request.operation_id).outcome.auth_code, held.auth_code);
  EXPECT_EQ(after.status(held_request.operation_id).outcome.card_type, held.card_type);
  EXPECT_FALSE(held.card_type.empty());
  EXPECT_EQ(after.status(declined_request.operation_id).outcome.decline, DeclineReason::insufficient_funds);
  // The remembered hold bounds the capture, as before the restart (a forgiven one would not be).
  EXPECT_EQ(after.capture(follow(held.acquirer_reference, 1001)).decline, DeclineReason::invalid_amount);
  const Outcome captured = after.capture(follow(held.acquirer_reference, 600));
  EXPECT_TRUE(captured.approved);
  EXPECT_EQ(captured.card_type, held.card_type) << "the hold remembers the card type";
  EXPECT_EQ(after.refund(follow(sale.acquirer_reference, 601)).decline, DeclineReason::refund_limit_exceeded);
  EXPECT_EQ(after.capture(follow(released.acquirer_reference, 100)).decline, DeclineReason::unrecognized);
  EXPECT_EQ(after.capture(follow(capture_fails.acquirer_reference, 100)).decline, DeclineReason::acquirer_error);
  // What the second run did is remembered by a third.
  SandboxAcquirer third(clock, options());
  EXPECT_EQ(third.refund(follow(held.acquirer_reference, 601)).decline, DeclineReason::refund_limit_exceeded);
  EXPECT_TRUE(third.refund(follow(held.acquirer_reference, 600)).approved);
  EXPECT_TRUE(third.refund(follow(sale.acquirer_reference, 600)).approved);
}

TEST_F(SandboxJournalTest, CompactedOnOpenToTheMostRecent) {
  std::vector<std::string> ids;
  {
    SandboxAcquirer before(clock, options());
    ids = holds(before, 10);
  }
  EXPECT_EQ(lines_in(path), 10u);
  SandboxAcquirer after(clock, options(4));
  EXPECT_EQ(lines_in(path), 4u);
  EXPECT_EQ(after.remembered_authorizations(), 4u);
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(after.status(ids[i]).known, i < 6 ? Known::unknown : Known::approved) << i;
}

TEST_F(SandboxJournalTest, NeverGrowsBeyondTwiceTheBound) {
  SandboxAcquirer acquirer(clock, options(3));
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(holds(acquirer, 1).front());
    EXPECT_LE(lines_in(path), 6u) << i;
  }
  EXPECT_EQ(acquirer.status(ids[16]).known, Known::unknown);
  for (int i = 17; i < 20; ++i) EXPECT_EQ(acquirer.status(ids[i]).known, Known::approved) << i;
  SandboxAcquirer restarted(clock, options(3));
  EXPECT_EQ(restarted.remembered_authorizations(), 3u);
  EXPECT_EQ(restarted.status(ids[19]).known, Known::approved);
}

TEST_F(SandboxJournalTest, ATornOrGarbledLineIsDropped) {
  std::vector<std::string> ids;
  {
    SandboxAcquirer before(clock, options());
    ids = holds(before, 2);
  }
  {
    std::ofstream out(path, std::ios::app);
    out << "not json\n" << R"({"operation_id":"torn","outcome":{"appro)";  // killed mid-write
  }
  {
    SandboxAcquirer after(clock, options());
    EXPECT_EQ(after.status(ids[0]).known, Known::approved);
    EXPECT_EQ(after.status(ids[1]).known, Known::approved);
    EXPECT_EQ(after.status("torn").known, Known::unknown);
    EXPECT_EQ(lines_in(path), 2u);  // rewritten: the next record starts a line of its own
    ids.push_back(holds(after, 1).front());
  }
  SandboxAcquirer third(clock, options());
  EXPECT_EQ(third.status(ids[2]).known, Known::approved);
  EXPECT_EQ(third.remembered_authorizations(), 3u);
}

TEST_F(SandboxJournalTest, AnUnwritableFileIsAnError) {
  const fs::path nowhere = path / "no-such-directory" / "journal";
  EXPECT_THROW({ SandboxAcquirer acquirer(clock, SandboxOptions{.journal_path = nowhere.string()}); },
               std::runtime_error);
}

// A crash while the answer is "in the network": the request reached the acquirer, so a new
// process finds it decided (and the hold in place).
TEST_F(SandboxJournalTest, ACrashDuringTheDelayFindsTheOperationDecided) {
  SandboxAcquirer crashing(clock, options(1000, 200));
  const AuthorizeRequest r = hold(kVisa, 1000);
  Outcome held;
  std::thread caller([&] { held = crashing.authorize(r); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  SandboxAcquirer restarted(clock, options());
  caller.join();
  EXPECT_EQ(restarted.status(r.operation_id).known, Known::approved);
  EXPECT_EQ(restarted.status(r.operation_id).outcome.acquirer_reference, held.acquirer_reference);
  EXPECT_EQ(restarted.capture(follow(held.acquirer_reference, 1001)).decline, DeclineReason::invalid_amount);
}

// The timeout card's request is lost in the network until its long sleep is over: a crash during
// that sleep leaves an operation the acquirer never heard of.
TEST_F(SandboxJournalTest, ACrashDuringTheTimeoutCardsSleepLeavesItUnknown) {
  SandboxOptions slow = options();
  slow.timeout_card_delay_ms = 200;
  SandboxAcquirer crashing(clock, slow);
  const AuthorizeRequest r = hold("4000000000001018", 1000);
  std::thread caller([&] { EXPECT_TRUE(crashing.authorize(r).approved); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  SandboxAcquirer restarted(clock, options());
  caller.join();
  EXPECT_EQ(restarted.status(r.operation_id).known, Known::unknown);
}

}  // namespace
