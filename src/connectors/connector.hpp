#pragma once
// The one interface between the engine and an acquirer (one module per acquirer, as in
// Hyperswitch): the engine never sees a wire format, only these plain structs. Implementations
// must be thread-safe; every call may block for as long as the acquirer takes to answer, so the
// engine runs them with its own deadline and turns a late answer into a pending_* status.
#include <cstdint>
#include <string>
#include <string_view>

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
  std::string payment_id;  // the engine's id, for the acquirer's logs
  std::int64_t amount_minor = 0;
  std::string currency;  // ISO 4217 alpha code
  CardData card;
  bool capture = true;              // false: place a hold, captured or released later
  bool verify_only = false;         // preauthorization: amount 0, no money moves
  bool merchant_initiated = false;  // recurring charge with a stored card: no CVC, no 3-D Secure
  std::string three_ds_result;      // "" not done, "Y" authenticated, "N" failed, "A" attempted
  std::string wallet_cryptogram;    // network-token payments (Apple Pay, Google Pay): set, and no CVC
};

// Whether an error code means the payment was stopped by risk rules (the engine's `blocked`
// status) rather than declined: blacklisted_tx, blacklisted_tx_* and antifraud_general.
inline bool is_blocking_error(std::string_view error_code) {
  return error_code.starts_with("blacklisted_tx") || error_code == "antifraud_general";
}

// The answer to one operation. Exactly one of: approved; pending (the acquirer accepted the
// request but has no final answer yet); or neither, with error_code/error_message set to one of
// the attempt error codes of the Collect API (e.g. "insufficient_funds").
struct Outcome {
  bool approved = false;
  bool pending = false;
  bool blocked = false;  // is_blocking_error(error_code): the engine reports status `blocked`
  std::string error_code;
  std::string error_message;
  std::string auth_code;           // 6 digits, approvals of authorize only
  std::string rrn;                 // retrieval reference number, 12 digits
  std::string stan;                // system trace audit number, 6 digits
  std::string acquirer_reference;  // the acquirer's id for capture/release/refund
  std::string scheme;              // "visa", "mastercard", ... (cards::to_string)
  std::string country;             // issuing country, ISO 3166 alpha-2
  std::string response_code;       // ISO 8583 style, "00" approved
  std::int64_t processing_time = 0;  // unix seconds when the acquirer answered
};

struct EnrollmentResult {
  bool enrolled = false;  // 3-D Secure: the engine must run the challenge before authorize
  std::string error_code;  // set when the card data is invalid (then enrolled is false)
  std::string error_message;
};

class Connector {
 public:
  virtual ~Connector() = default;

  // Stable lowercase identifier, e.g. "sandbox".
  virtual std::string_view name() const = 0;

  // Whether the card takes part in 3-D Secure. Also validates the card data (number, expiry,
  // CVC format) so that data errors surface before the challenge.
  virtual EnrollmentResult check_enrollment(const CardData& card) = 0;

  virtual Outcome authorize(const AuthorizeRequest& request) = 0;

  // Captures amount_minor (at most the authorized amount) of a hold; the remainder is released.
  virtual Outcome capture(const std::string& acquirer_reference, std::int64_t amount_minor,
                          const std::string& currency) = 0;

  // Releases a hold (no money moves).
  virtual Outcome release(const std::string& acquirer_reference) = 0;

  // Refunds amount_minor of a captured authorization; refunds add up to at most the captured amount.
  virtual Outcome refund(const std::string& acquirer_reference, std::int64_t amount_minor,
                         const std::string& currency) = 0;
};

}  // namespace tender::connectors
