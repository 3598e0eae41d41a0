#pragma once
// The sandbox acquirer: a Connector that moves no money and answers from the table of test
// cards (test_cards.hpp, documented in docs/test-cards.md), so that every payment path (approval,
// each decline reason, 3-D Secure, slow answers, capture and refund failures, crash recovery
// through status()) can be rehearsed.
//
// Thread-safe. Every operation it decides is kept in a journal (sandbox_journal.hpp) by the
// engine's operation id, and its holds are rebuilt from that journal when it is backed by a file.
// Decision timing: authorize, capture, release and refund are decided and journaled before the
// `delay_ms` sleep (the request reached the acquirer; the answer is on its way back), except the
// timeout card's authorization, journaled only after its long sleep (a crash during that sleep
// leaves an operation the acquirer never heard of). Card-data and amount errors found before the
// network are not journaled. Capture, release and refund of an unknown "sbx_" reference (older
// than the journal) are forgiven (approved) unless the reference names a failing card.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "connectors/sandbox/sandbox_holds.hpp"
#include "connectors/sandbox/sandbox_journal.hpp"
#include "connectors/sandbox/test_cards.hpp"
#include "engine/clock.hpp"

namespace tender::connectors::sandbox {

struct SandboxOptions {
  // Every answer that reaches the "network" (all but card-data and amount validation errors, and
  // status) takes this long, a real sleep, so the engine's wait can expire and produce pending_*
  // statuses.
  std::uint32_t delay_ms = 0;
  // Added to delay_ms for authorize with the "timeout" test card (4000 0000 0000 1018).
  std::uint32_t timeout_card_delay_ms = 3000;
  // Authorizations remembered for capture/release/refund, and operations remembered for status();
  // the oldest are dropped beyond this. About 1 KB of memory each (a hold and a journal record).
  std::size_t max_authorizations = 100'000;
  // The journal's file, kept across restarts; empty: memory only.
  std::string journal_path = {};
};

class SandboxAcquirer final : public Connector {
 public:
  // clock must outlive the acquirer; it decides which expiry dates are in the past (UTC month).
  // Throws std::runtime_error when the journal's file cannot be read or written.
  SandboxAcquirer(const engine::Clock& clock, SandboxOptions options = {});

  std::string_view name() const override { return "sandbox"; }
  EnrollmentResult check_enrollment(const CardData& card) override;
  Outcome authorize(const AuthorizeRequest& request) override;
  Outcome capture(const FollowUpRequest& request) override;
  Outcome release(const FollowUpRequest& request) override;
  Outcome refund(const FollowUpRequest& request) override;
  // Answers at once from the journal (delay_ms does not apply); never pending.
  StatusAnswer status(const std::string& operation_id) override;
  // With no simulated delay, every card but the "timeout" card is answered at once.
  bool answers_at_once(const AuthorizeRequest& request) const override;
  bool answers_follow_ups_at_once() const override { return options_.delay_ms == 0; }

  // Number of authorizations currently remembered (for tests and diagnostics).
  std::size_t remembered_authorizations() const;

 private:
  using Decision = Outcome (SandboxAcquirer::*)(const FollowUpRequest&);

  std::optional<DeclineReason> validate_card(const CardData& card, bool cvc_required) const;
  std::optional<Outcome> invalid_request(const AuthorizeRequest& request) const;
  Outcome decide_authorization(const AuthorizeRequest& request, const TestCard* card);
  Outcome answer(const FollowUpRequest& request, Decision decide);
  // The decisions on a hold, for references the sandbox issued; mutex_ held.
  Outcome capture_hold(const FollowUpRequest& request);
  Outcome release_hold(const FollowUpRequest& request);
  Outcome refund_hold(const FollowUpRequest& request);
  Outcome journaled(const std::string& operation_id, Outcome out);  // mutex_ held
  Outcome declined(DeclineReason reason) const;  // a decline from the network
  void sleep_for_answer(std::uint32_t extra_ms = 0) const;

  const engine::Clock* clock_;
  SandboxOptions options_;
  mutable std::mutex mutex_;
  HoldTable holds_;
  SandboxJournal journal_;
};

}  // namespace tender::connectors::sandbox
