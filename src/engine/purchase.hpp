#pragma once
// The Purchase aggregate: the engine's record of one payment, independent of any dialect.
// Typed fields carry everything a business rule reads; `client` and `details` keep the merchant's
// validated, descriptive input (addresses, products, notes...) to be shown back unchanged.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/intent.hpp"
#include "engine/status.hpp"

namespace tender::engine {

struct RelatedObject {
  std::string type;  // e.g. "payment" for a refund
  std::string id;
};

struct StatusChange {
  Status status;
  std::int64_t timestamp = 0;
  std::optional<RelatedObject> related_object;
};

struct AttemptError {
  std::string code;     // from the seeds' error code list
  std::string message;
};

struct Attempt {
  std::string type;            // execute, authorize, capture, release, refund, recurring_execute...
  bool successful = false;
  std::string payment_method;  // e.g. "visa"
  boost::json::object extra;   // masked_pan, three_d_secure, expiry..., never a full PAN or CVC
  std::string country;
  std::string client_ip;
  std::int64_t processing_time = 0;
  std::optional<AttemptError> error;
  std::string flow;            // payform, direct_post, api, server_to_server
};

struct Payment {
  std::string payment_type = "purchase";  // purchase, purchase_charge, refund
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t net_amount_minor = 0;
  std::int64_t fee_amount_minor = 0;
  std::int64_t pending_amount_minor = 0;
  std::int64_t paid_on = 0;
  std::int64_t remote_paid_on = 0;
  std::string description;
};

struct TransactionData {
  std::string payment_method;   // blank until paid
  std::string flow;
  std::string processing_tx_id;
  boost::json::object extra;
  std::string country;
  std::vector<Attempt> attempts;  // oldest first in storage; dialects show newest first
};

// Lists that grow with use are bounded: a purchase takes at most this many attempts (each payment
// try, capture, release, refund...); further operations are refused with a clear error.
inline constexpr std::size_t kMaxAttempts = 200;
// Each attempt moves the status at most twice (pending, then final), plus the creation entry and
// the after-sale moves (view, send, overdue, clear, settle, chargeback...).
inline constexpr std::size_t kMaxStatusHistory = 2 * kMaxAttempts + 16;

struct Purchase {
  std::string id;
  std::string company_id;
  std::string brand_id;
  bool is_test = true;
  std::string product = "purchases";

  Status status = Status::created;
  std::vector<StatusChange> status_history;
  std::int64_t created_on = 0;
  std::int64_t updated_on = 0;
  std::optional<std::int64_t> viewed_on;

  // Money: integers in the currency's minor unit.
  std::string currency;
  std::int64_t total_minor = 0;
  std::int64_t captured_minor = 0;   // moved to the merchant
  std::int64_t refunded_minor = 0;   // returned to the payer out of captured_minor
  std::int64_t charged_back_minor = 0;  // taken back by the card network (chargeback)

  // Merchant input, validated by the dialect.
  std::optional<std::string> client_id;
  boost::json::object client;        // ClientDetails
  boost::json::object details;       // PurchaseDetails, with computed `total`
  std::string brand_name;
  bool skip_capture = false;
  bool force_recurring = false;
  bool send_receipt = false;
  std::optional<std::int64_t> due;
  bool due_strict = false;
  std::string success_redirect, failure_redirect, cancel_redirect, success_callback;
  bool failure_callback = false;  // success_callback also hears a failed payment (S2S webhook_url)
  std::string reference, creator_agent, platform, issued;
  std::vector<std::string> payment_method_whitelist;
  std::string created_from_ip;
  std::string reference_generated;

  // Billing (engine/billing/): the template that generated this purchase, and for a subscription
  // purchase its subscriber and whether a declined renewal charge turns it into an invoice.
  std::optional<std::string> billing_template_id;
  std::optional<std::string> subscriber_id;
  bool invoice_on_charge_failure = false;

  // Outcome.
  std::optional<Payment> payment;
  TransactionData transaction_data;
  bool is_recurring_token = false;
  std::optional<std::string> recurring_token;
  bool marked_as_paid = false;

  // The operation in flight with an acquirer, if any (engine/intent.hpp). While open, other
  // operations on this purchase are refused.
  Intent intent;
  std::string connector;  // the connector that authorized the payment; follow-ups go to it

  std::int64_t version = 0;  // store row version, for optimistic concurrency

  bool is_preauthorization() const { return skip_capture && total_minor == 0; }
  // What a refund may still return to the payer.
  std::int64_t refundable_minor() const { return captured_minor - refunded_minor; }
  void change_status(Status next, std::int64_t now, std::optional<RelatedObject> related = std::nullopt) {
    status = next;
    updated_on = now;
    status_history.push_back({next, now, std::move(related)});
  }
};

// Storage form (JSON) of a purchase; stable across versions: unknown keys are ignored on read.
boost::json::object to_storage(const Purchase& purchase);
Purchase purchase_from_storage(const boost::json::object& body);
// The same from the stored text: parsed into a buffer on the stack that is released at once
// (every read of a purchase comes through here; parsing into the heap cost a malloc and a free
// per member).
Purchase purchase_from_storage(std::string_view stored_json);

// What the webhook fan-out needs of a stored purchase, read without building it (a SAX pass):
// it runs for every paid event.
struct CallbackSettings {
  bool is_test = false;
  std::string success_callback;
  bool failure_callback = false;
};
CallbackSettings callback_settings_from_storage(std::string_view stored_json);

}  // namespace tender::engine
