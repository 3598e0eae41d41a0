#pragma once
// Paying a purchase with a card: the payer's side (checkout, Direct Post, server-to-server).
// Written in atomic phases (DESIGN rule 6): record the intent, call the acquirer with no store
// transaction open, record the result. An answer slower than `acquirer_wait_ms` leaves the
// purchase in pending_execute; the result is recorded when it arrives.
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "engine/accounts.hpp"
#include "engine/challenges.hpp"
#include "engine/clock.hpp"
#include "engine/purchase.hpp"
#include "store/store.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

struct PaymentOptions {
  std::uint32_t acquirer_wait_ms = 2000;  // longer answers produce pending_* statuses
  std::size_t acquirer_threads = 16;      // concurrent acquirer calls
  std::int64_t hold_expiry_seconds = 7 * 24 * 3600;  // uncaptured holds are released after this
};

struct CardPayment {
  connectors::CardData card;
  bool remember_card = false;
  std::string flow;       // payform, direct_post, api, server_to_server
  std::string client_ip;
  std::string three_ds_result;  // set by the challenge step
  std::string wallet_cryptogram;  // network-token (wallet) payments; never stored
};

enum class PayOutcome { succeeded, failed, pending, challenge };

struct PayResult {
  PayOutcome outcome = PayOutcome::failed;
  Purchase purchase;
  std::string challenge_id;
  std::string error_code;
  std::string error_message;
};

// The acquirer's references of one answer (auth code, RRN, STAN, ISO response code), kept on the
// attempt so every dialect can show them.
void add_acquirer_details(boost::json::object& extra, const connectors::Outcome& outcome);

class PaymentCommands {
 public:
  PaymentCommands(store::Store& store, Accounts& accounts, Clock& clock, connectors::Connector& acquirer,
                  const vault::CardVault& vault, PaymentOptions options);
  ~PaymentCommands();  // waits for acquirer calls still running, so their results are recorded

  // The payer's view of a purchase: found by its unguessable id alone, as checkout_url is.
  std::optional<Purchase> find(const std::string& purchase_id);
  // Marks the purchase viewed on the first visit of its payment page.
  void mark_viewed(const std::string& purchase_id);

  // Whether a payment may start now: the same rule pay_with_card enforces, on the engine's clock.
  bool can_pay(const Purchase& purchase) const;

  PayResult pay_with_card(const std::string& purchase_id, CardPayment payment);
  PayResult complete_challenge(const std::string& purchase_id, const std::string& challenge_id, bool authenticated);
  // The masked card of a pending 3-D Secure challenge; nullopt when there is none.
  std::optional<std::string> challenge_card(const std::string& purchase_id, const std::string& challenge_id);
  // A payment that failed before reaching the acquirer (e.g. Direct Post field validation).
  PayResult record_failure(const std::string& purchase_id, const std::string& flow, const std::string& client_ip,
                           const std::string& code, const std::string& message);
  // At start-up: intents left by a crash have no known outcome; they are failed with
  // timeout_acquirer_status_check so the payer can try again.
  // min_age_seconds: as LifecycleCommands::recover_interrupted.
  std::size_t recover_interrupted(std::int64_t min_age_seconds = 0);

 private:
  void check_payable(const Purchase& p, std::int64_t now);
  PayResult authorize(const std::string& purchase_id, CardPayment payment);
  void record_outcome(const std::string& purchase_id, const std::string& operation_id, const CardPayment& payment,
                      const connectors::Outcome& outcome);

  store::Store& store_;
  Accounts& accounts_;
  Clock& clock_;
  connectors::Connector& acquirer_;
  const vault::CardVault& vault_;
  PaymentOptions options_;
  ChallengeStore challenges_;
  boost::asio::thread_pool acquirer_pool_;
};

}  // namespace tender::engine
