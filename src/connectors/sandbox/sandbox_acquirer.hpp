#pragma once
// The sandbox acquirer: a Connector that moves no money and answers from the table of test
// cards (test_cards.hpp, documented in docs/test-cards.md), so that every payment path (approval,
// each decline code, 3-D Secure, slow answers, capture and refund failures) can be rehearsed.
//
// Thread-safe. Holds are kept in memory only: after a restart they are gone, so capture,
// release and refund of an unknown "sbx_" reference are forgiven (approved) unless the reference
// names a failing card ("sbx_cf_" capture fails, "sbx_rf_" refund fails).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "connectors/connector.hpp"
#include "connectors/sandbox/test_cards.hpp"
#include "engine/clock.hpp"

namespace tender::connectors::sandbox {

struct SandboxOptions {
  // Every answer that reaches the "network" (all but card-data and amount validation errors)
  // takes this long, a real sleep, so the engine's wait can expire and produce pending_* statuses.
  std::uint32_t delay_ms = 0;
  // Added to delay_ms for authorize with the "timeout" test card (4000 0000 0000 1018).
  std::uint32_t timeout_card_delay_ms = 3000;
  // Authorizations remembered for capture/release/refund; the oldest is dropped beyond this.
  std::size_t max_authorizations = 1'000'000;
};

class SandboxAcquirer final : public Connector {
 public:
  // clock must outlive the acquirer; it decides which expiry dates are in the past (UTC month).
  SandboxAcquirer(const engine::Clock& clock, SandboxOptions options = {});

  std::string_view name() const override { return "sandbox"; }
  EnrollmentResult check_enrollment(const CardData& card) override;
  Outcome authorize(const AuthorizeRequest& request) override;
  Outcome capture(const std::string& acquirer_reference, std::int64_t amount_minor,
                  const std::string& currency) override;
  Outcome release(const std::string& acquirer_reference) override;
  Outcome refund(const std::string& acquirer_reference, std::int64_t amount_minor,
                 const std::string& currency) override;

  // Number of authorizations currently remembered (for tests and diagnostics).
  std::size_t remembered_authorizations() const;

 private:
  enum class State { verified, held, captured, released };
  struct Authorization {
    Behaviour behaviour;
    State state;
    std::int64_t authorized;
    std::int64_t captured;
    std::int64_t refunded;
    std::string currency;
    std::string scheme;
    std::string country;
    std::string masked_pan;
  };

  // Card-data validation; "" when valid. cvc_required: an empty CVC is an error.
  std::string validate_card(const CardData& card, bool cvc_required) const;
  Outcome error(std::string_view code, bool network) const;
  Outcome approval(const std::string& reference, const Authorization& auth) const;
  void sleep_for_answer(std::uint32_t extra_ms = 0) const;
  void remember(const std::string& reference, Authorization auth);  // mutex_ held

  const engine::Clock* clock_;
  SandboxOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Authorization> authorizations_;
  std::deque<std::string> order_;  // insertion order, oldest first, for eviction
};

}  // namespace tender::connectors::sandbox
