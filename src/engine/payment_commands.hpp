#pragma once
// Paying a purchase with a card: the payer's side (checkout, Direct Post, server-to-server, Orders).
// One file per operation: pay.cpp (a card payment, 3-D Secure enrollment and challenge),
// pay_now.cpp (create and pay in one command, for dialects without a checkout), execute_result.cpp
// (recording the authorization's answer), payment_failure.cpp (a failure before the acquirer),
// payer_view.cpp (what the payer's pages read, and `view`).
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "engine/acquirer_call.hpp"
#include "engine/challenges.hpp"
#include "engine/engine_services.hpp"
#include "engine/purchase.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/timers.hpp"

namespace tender::engine {

struct CardPayment {
  connectors::CardData card;
  bool remember_card = false;
  std::string flow;       // payform, direct_post, api, server_to_server
  std::string client_ip;
  std::string three_ds_result;    // set by the challenge step
  std::string wallet_cryptogram;  // network-token (wallet) payments; never stored
  bool fails_purchase_when_unanswered = false;  // set by pay_now: see PendingChallenge
};

enum class PayOutcome {
  succeeded,
  failed,
  pending,    // the acquirer is slow: the purchase is pending_execute
  challenge,  // 3-D Secure: send the payer to the challenge (PayResult::challenge_id)
  challenge_refused,  // pay_now without a way to send the payer to a challenge: failed, 3-D Secure required
};

struct PayResult {
  PayOutcome outcome = PayOutcome::failed;
  Purchase purchase;
  std::string challenge_id;
  std::string error_code;  // a connectors::DeclineReason name, or the code a dialect gave record_failure
  std::string error_message;
};

// Create a purchase and pay it at once (S2S and Orders). The engine decides about 3-D Secure: an
// enrolled card needs a challenge, which only a dialect that can redirect the payer may start.
struct PayNow {
  NewPurchase purchase;
  CardPayment payment;
  bool can_redirect_to_challenge = false;  // S2S with return URLs, Orders card sources: yes
  std::string challenge_refusal_message;   // the dialect's words for "authenticate first"
};

class PaymentCommands {
 public:
  PaymentCommands(EngineServices& services, AcquirerCalls& calls, PurchaseCommands& purchases);

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
  // The challenge a purchase created by pay_now is waiting for (its newest), while no payment
  // attempt has been made; it may have expired a moment ago (the expiry timer has not fired yet).
  std::optional<ChallengeSummary> awaited_challenge(const Purchase& purchase);
  // The kChallengeExpiryTimer: a purchase whose challenge expired unanswered fails
  // (3ds_authentication_failed), with its payment_failure event. True when it changed something.
  bool expire_challenge(const Timer& timer, std::int64_t now);
  // A payment that failed before reaching the acquirer (e.g. Direct Post field validation).
  PayResult record_failure(const std::string& purchase_id, const std::string& flow, const std::string& client_ip,
                           const std::string& code, const std::string& message);
  PayResult pay_now(const Caller& caller, PayNow command);

 private:
  PayResult authorize(const Purchase& purchase, connectors::Connector& connector, CardPayment payment);
  // pay_now in one transaction when the connector answers at once; nullopt: take the phases.
  std::optional<PayResult> pay_at_once(Purchase& prepared, CardPayment& payment);
  PayResult finish_pay_now(const std::string& purchase_id, PayNow& command);
  // The sealed card when the payment is to be remembered.
  ResultExtras extras_for(const Purchase& purchase, const CardPayment& payment) const;

  EngineServices& services_;
  AcquirerCalls& calls_;
  PurchaseCommands& purchases_;
  ChallengeStore challenges_;
};

// The result of an authorization the acquirer answered (approved or declined).
PayResult pay_result(Purchase purchase, const connectors::Outcome& outcome);
// The intent of a card payment (operation, amount, flow, masked card), without id, time or connector.
Intent payment_intent(const Purchase& purchase, const CardPayment& payment);
// The authorization request of that intent.
connectors::AuthorizeRequest authorize_request(const Purchase& purchase, const Intent& intent, const CardPayment& payment);

// Refuses (EngineError) a payment the purchase cannot take now: an operation in flight, already
// paid, past a strict due time, or a status the table does not let pay.
void check_payable(const Purchase& purchase, std::int64_t now);

}  // namespace tender::engine
