#pragma once
// 3-D Secure challenges waiting for the payer, kept in the store (kind "challenge") so that any
// node of an installation can show the challenge page and take its answer, and a restart loses
// none. The card data needed to authorize after the challenge (the CVC included) is sealed by the
// vault under the challenge's id, lives at most kTimeToLive, and is deleted when the challenge is
// answered: before the authorization, so no CVC outlives it (PCI DSS 3.3.1).
//
// Bounded, and fairly: a flood of payment attempts on one purchase (anyone can post to its Direct
// Post URL) only replaces that purchase's own challenges, and one company's payers cannot push out
// another company's. Expired challenges are deleted as new ones are added.
#include <cstdint>
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "engine/clock.hpp"
#include "store/store.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

inline constexpr const char* kChallengeKind = "challenge";

struct PendingChallenge {
  std::string purchase_id;
  connectors::CardData card;
  bool remember_card = false;
  std::string flow;
  std::string client_ip;
  std::int64_t created_on = 0;  // set by add()
  std::string company_id;
  // Set for a purchase created with its payment (pay_now): nobody can pay it again from a page, so
  // an unanswered challenge must end it. add() arms the purchase's kChallengeExpiryTimer with it.
  bool fails_purchase_when_unanswered = false;
};

// What is known of a pending challenge without opening its sealed card.
struct ChallengeSummary {
  std::string id;
  std::string flow;
  std::string client_ip;
  std::int64_t expires_at = 0;  // unix seconds
  bool expired = false;         // its page answers 404; the card is deleted with it
};

// Fires once the purchase's last challenge has expired unanswered (PaymentCommands::expire_challenge).
inline constexpr const char* kChallengeExpiryTimer = "challenge_expiry";

struct ChallengeLimits {
  std::size_t per_company = 1000;  // a company's payers; a new one replaces the company's oldest
  std::size_t per_purchase = 3;    // a new one replaces the purchase's oldest
  std::int64_t time_to_live_seconds = 15 * 60;
  // The expiry timer fires this long after the time to live, so that a payer who took the
  // challenge just in time has opened the authorization before the purchase is looked at.
  std::int64_t expiry_grace_seconds = 60;
  std::size_t purge_per_add = 20;  // expired challenges (any company) deleted by each add
};

class ChallengeStore {
 public:
  ChallengeStore(store::Store& store, const vault::CardVault& vault, const Clock& clock, ChallengeLimits limits = {})
      : store_(store), vault_(vault), clock_(clock), limits_(limits) {}

  // Returns the challenge id.
  std::string add(PendingChallenge challenge);
  // Deletes and returns the challenge when it exists, belongs to the purchase and has not expired.
  // Once: of two nodes taking the same challenge, one gets it.
  std::optional<PendingChallenge> take(const std::string& purchase_id, const std::string& id);
  // The masked card number of a pending challenge, for the ACS page.
  std::optional<std::string> masked_pan(const std::string& purchase_id, const std::string& id);
  // The purchase's newest challenge, expired or not (nullopt: none is stored).
  std::optional<ChallengeSummary> newest(const std::string& company_id, const std::string& purchase_id);
  // Deletes every challenge of the purchase (expired ones: the sealed card goes with them).
  void drop_all(const std::string& company_id, const std::string& purchase_id);
  const ChallengeLimits& limits() const { return limits_; }

 private:
  store::Store& store_;
  const vault::CardVault& vault_;
  const Clock& clock_;
  ChallengeLimits limits_;
};

}  // namespace tender::engine
