#pragma once
// The one interface between the engine and an acquirer (one module per acquirer, as in
// Hyperswitch): the engine never sees a wire format, only these plain structs. Implementations
// must be thread-safe; every call may block for as long as the acquirer takes to answer, so the
// engine runs them with its own deadline and turns a late answer into a pending_* status.
//
// Every request carries the engine's operation id (`operation_id`), unique per call and recorded
// in the engine's intent before the call is made. It is the key of status(): after a crash the
// engine asks the acquirer what became of each open intent by that id, and records the answer as
// if the call had returned it (approved → the purchase moves on, with its postings and events;
// declined or unknown → the attempt fails).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/decline_reason.hpp"

namespace tender::connectors {

// Card data as the payer typed it (PAN as bare digits) or as opened from the vault.
struct CardData {
  std::string pan;
  std::string cvc;  // empty for merchant-initiated recurring charges (the vault never keeps it)
  int expiry_month = 0;  // 1-12
  int expiry_year = 0;   // 4-digit
  std::string cardholder_name;
};

struct AuthorizeRequest {
  std::string operation_id;  // the engine's intent id: the key of status()
  std::int64_t amount_minor = 0;
  std::string currency;  // ISO 4217 alpha code
  CardData card;
  bool capture = true;              // false: place a hold, captured or released later
  bool verify_only = false;         // preauthorization: amount 0, no money moves
  bool merchant_initiated = false;  // recurring charge with a stored card: no CVC, no 3-D Secure
  std::string three_ds_result;      // "" not done, "Y" authenticated, "N" failed, "A" attempted
  std::string wallet_cryptogram;    // network-token payments (Apple Pay, Google Pay): set, and no CVC
};

// Capture, release and refund of an earlier approved authorization.
struct FollowUpRequest {
  std::string operation_id;        // the engine's intent id: the key of status()
  std::string acquirer_reference;  // Outcome::acquirer_reference of the authorization
  std::int64_t amount_minor = 0;   // capture: at most the authorized amount; refund: at most captured − refunded; release: unused
  std::string currency;
};

// The answer to one operation: approved, or declined with a reason. (`pending`: the acquirer took
// the request but has no final answer yet; the engine keeps the intent open.)
struct Outcome {
  bool approved = false;
  bool pending = false;
  std::optional<DeclineReason> decline;  // set exactly when neither approved nor pending
  std::string message;                   // the acquirer's words for a decline, English
  std::string auth_code;           // 6 digits, approvals of authorize only
  std::string rrn;                 // retrieval reference number, 12 digits
  std::string stan;                // system trace audit number, 6 digits
  std::string acquirer_reference;  // the acquirer's id for capture/release/refund
  std::string scheme;              // "visa", "mastercard", ... (cards::to_string)
  std::string country;             // issuing country, ISO 3166 alpha-2
  std::string card_type;           // "credit" or "debit"; empty when the acquirer does not say
  std::string response_code;       // ISO 8583 style, "00" approved
  std::int64_t processing_time = 0;  // unix seconds when the acquirer answered

  bool blocked() const { return decline && is_blocking(*decline); }
  static Outcome declined(DeclineReason reason, std::string message = {});
};

inline Outcome Outcome::declined(DeclineReason reason, std::string message) {
  Outcome o;
  o.decline = reason;
  o.message = message.empty() ? std::string(default_message(reason)) : std::move(message);
  return o;
}

struct EnrollmentResult {
  bool enrolled = false;  // 3-D Secure: the engine must run the challenge before authorize
  std::optional<DeclineReason> invalid;  // set when the card data is invalid (then enrolled is false)
  std::string message;
};

// What the acquirer knows of an operation, by the engine's operation id.
struct StatusAnswer {
  enum class Known { approved, declined, pending, unknown };
  Known known = Known::unknown;  // unknown: the request never reached the acquirer
  Outcome outcome;               // the operation's answer when approved or declined
};

class Connector {
 public:
  virtual ~Connector() = default;

  // Stable lowercase identifier, e.g. "sandbox"; recorded on each purchase it serves.
  virtual std::string_view name() const = 0;

  // Whether the card takes part in 3-D Secure. Also validates the card data (number, expiry,
  // CVC format) so that data errors surface before the challenge.
  virtual EnrollmentResult check_enrollment(const CardData& card) = 0;

  virtual Outcome authorize(const AuthorizeRequest& request) = 0;

  // Captures amount_minor (at most the authorized amount) of a hold; the remainder is released.
  virtual Outcome capture(const FollowUpRequest& request) = 0;

  // Releases a hold (no money moves).
  virtual Outcome release(const FollowUpRequest& request) = 0;

  // Refunds amount_minor of a captured authorization; refunds add up to at most the captured amount.
  virtual Outcome refund(const FollowUpRequest& request) = 0;

  // The fate of the operation with this id (authorize, capture, release or refund), asked when
  // the engine lost the answer (a crash). Must not change anything at the acquirer.
  virtual StatusAnswer status(const std::string& operation_id) = 0;

  // Whether this authorization is answered at once, in this process, with no network and no
  // wait (the sandbox without its simulated delay). Only then may the engine call authorize before
  // anything is written and record the new purchase and its payment in one transaction; every
  // other answer goes through the three phases (intent, call, result).
  virtual bool answers_at_once(const AuthorizeRequest& request) const { return false; }

  // Likewise for capture, release and refund: answered at once, in this process. Only then may the
  // engine call before writing anything and record the operation in one transaction.
  virtual bool answers_follow_ups_at_once() const { return false; }
};

}  // namespace tender::connectors
