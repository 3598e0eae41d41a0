#pragma once
// Commands on purchases that need no acquirer: create, read, list, cancel. Each change goes through
// the state machine and is written with its outbox event in one store transaction.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/accounts.hpp"
#include "engine/caller.hpp"
#include "engine/clock.hpp"
#include "engine/purchase.hpp"
#include "engine/purchase_writer.hpp"
#include "engine/state_machine.hpp"
#include "money/product_total.hpp"
#include "store/store.hpp"

namespace tender::engine {

struct NewPurchase {
  std::string brand_id;
  std::optional<std::string> client_id;
  boost::json::object client;    // ClientDetails as given (empty when client_id is used)
  boost::json::object details;   // PurchaseDetails as given; `total` is filled in by the engine
  std::optional<std::string> currency;
  std::vector<money::ProductLine> lines;
  std::int64_t debt_minor = 0;
  std::optional<std::int64_t> total_override;
  bool skip_capture = false, force_recurring = false, send_receipt = false, due_strict = false;
  std::optional<std::int64_t> due;
  std::string success_redirect, failure_redirect, cancel_redirect, success_callback;
  bool failure_callback = false;  // success_callback is also called when the payment fails (S2S webhook_url)
  std::string reference, creator_agent, platform, issued;
  // The seeds' TransactionFlow of how the purchase was started, until a payment sets its own:
  // "web_office" (made in the merchant portal) or "link" (a payment link); "" for the APIs.
  std::string initiated_flow;
  std::vector<std::string> payment_method_whitelist;
  // Set by billing only (engine/billing/): what generated the purchase.
  std::string product = "purchases";
  std::optional<std::string> billing_template_id, subscriber_id;
  bool invoice_on_charge_failure = false;
};

// The purchase of one item of `amount_minor` named `name`: what the dialects that take an amount
// rather than products (S2S, Orders) create. Sets the product line and the products shown back.
void set_single_item(NewPurchase& purchase, const std::string& name, std::int64_t amount_minor);

struct PurchaseFilter {
  std::vector<std::string> statuses;
  std::optional<std::int64_t> created_from, created_to;
  std::optional<std::int64_t> after_created_on;
  std::optional<std::string> after_id;
  std::size_t limit = 25;
};

struct PurchasePage {
  std::vector<Purchase> items;
  bool has_more = false;
};

// Writes a new (prepared) purchase inside `tx`, as create does: the purchase, purchase.created and
// its due timer. Sets purchase.version.
void insert_purchase(store::WriteTxn& tx, Purchase& purchase);

class PurchaseCommands {
 public:
  PurchaseCommands(store::Store& store, Accounts& accounts, Clock& clock);
  Purchase create(const Caller& caller, NewPurchase command);
  // The purchase `create` would write, checked and built but not written: for a command that
  // writes it together with more (pay_now). Only for a purchase without client_id.
  Purchase prepare(const Caller& caller, NewPurchase& command);
  // Writes a prepared purchase as create would: the purchase, purchase.created, its due timer.
  Purchase insert(Purchase prepared);
  Purchase get(const Caller& caller, const std::string& id);
  PurchasePage list(const Caller& caller, const PurchaseFilter& filter);
  Purchase cancel(const Caller& caller, const std::string& id);

 private:
  store::Store& store_;
  Accounts& accounts_;
  Clock& clock_;
};

}  // namespace tender::engine
