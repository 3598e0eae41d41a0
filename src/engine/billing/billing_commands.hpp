#pragma once
// Billing (docs/billing.md): templates, the invoices they send, and subscriptions. Every purchase
// billing issues is an ordinary purchase (created by PurchaseCommands' rules, written with its
// event and timers) that records the template and, for a subscription, its subscriber; every
// charge goes through LifecycleCommands::charge. Templates and subscribers are objects of one
// company in one mode: another company's or mode's are not found.
//
// Each operation is in its own file: billing_templates.cpp (template CRUD), invoices.cpp
// (send_invoice, one-off invoices), subscribers.cpp (add, read, pause/resume),
// subscription_renewal.cpp (the timers that bill and charge subscribers).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/billing/billing_template.hpp"
#include "engine/billing/subscriber.hpp"
#include "engine/caller.hpp"
#include "engine/errors.hpp"
#include "engine/engine_services.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/purchase_commands.hpp"
#include "engine/timers.hpp"

namespace tender::engine::billing {

// Limits: bounded lists and transactions.
inline constexpr std::size_t kMaxRecipientsPerCall = 100;      // clients of one POST /billing/
inline constexpr std::size_t kMaxSubscribersPerTemplate = 10000;

// Timer types (timers.hpp): a subscriber's next billing, and the charge of the purchase it issued.
inline constexpr const char* kBillingTimer = "subscription_billing";
inline constexpr const char* kChargeTimer = "subscription_charge";

// Who an invoice goes to: a client of the company, and what its purchase copies.
struct Recipient {
  std::string client_id;
  std::vector<std::string> payment_method_whitelist;
};

struct NewSubscriber {
  std::string client_id;
  std::vector<std::string> payment_method_whitelist;
  bool send_invoice_on_charge_failure = true;
  bool send_invoice_on_add_subscriber = false;
  bool send_receipt = true;
};

// A PATCH of a subscriber: only what was given changes.
struct SubscriberChange {
  std::optional<SubscriberStatus> status;  // active or subscription_paused
  std::optional<std::vector<std::string>> payment_method_whitelist;
  std::optional<bool> send_invoice_on_charge_failure, send_invoice_on_add_subscriber, send_receipt;
};

struct AddedSubscriber {
  Subscriber subscriber;
  std::optional<Purchase> purchase;  // the first purchase, when billing starts today
};

template <class T>
struct Page {
  std::vector<T> items;
  bool has_more = false;
};

struct PageRequest {
  std::optional<std::int64_t> after_created_on;
  std::optional<std::string> after_id;
  std::size_t limit = 25;
};

class BillingCommands {
 public:
  BillingCommands(EngineServices& services, PurchaseCommands& purchases, LifecycleCommands& lifecycle);

  // Templates. `input` carries every field but the ids and timestamps.
  BillingTemplate create_template(const Caller& caller, BillingTemplate input);
  BillingTemplate get_template(const Caller& caller, const std::string& id);
  Page<BillingTemplate> list_templates(const Caller& caller, const PageRequest& page);
  // PUT: replaces the template; is_subscription never changes, and once it has subscribers only
  // the due period and subscription_active may.
  BillingTemplate replace_template(const Caller& caller, const std::string& id, BillingTemplate input);
  void delete_template(const Caller& caller, const std::string& id);

  // A one-time template's invoice to one client: a purchase in status sent.
  Purchase send_invoice(const Caller& caller, const std::string& template_id, const Recipient& to);
  // POST /billing/: the same from a template that is not saved, to each recipient, all or none.
  std::vector<Purchase> send_invoices(const Caller& caller, BillingTemplate input, const std::vector<Recipient>& to);

  // Subscriptions.
  AddedSubscriber add_subscriber(const Caller& caller, const std::string& template_id, NewSubscriber input);
  Page<Subscriber> list_subscribers(const Caller& caller, const std::string& template_id, const PageRequest& page);
  Subscriber get_subscriber(const Caller& caller, const std::string& template_id, const std::string& id);
  Subscriber update_subscriber(const Caller& caller, const std::string& template_id, const std::string& id,
                               const SubscriberChange& change);

  // The clock's work (subscription_renewal.cpp), for TimerSweep: kBillingTimer issues a
  // subscriber's purchase for the period that starts; kChargeTimer charges it with the saved card.
  bool fire_timer(const Timer& timer, std::int64_t now);

 private:
  bool bill(const Timer& timer, std::int64_t now);
  bool charge(const Timer& timer, std::int64_t now);
  // The purchase a template issues to `client_id` (read in `tx`), checked as POST /purchases/ checks.
  Purchase prepare_purchase(store::WriteTxn& tx, const Caller& caller, const BillingTemplate& t,
                            const std::string& client_id, const std::vector<std::string>& whitelist,
                            std::int64_t now);

  EngineServices& services_;
  PurchaseCommands& purchases_;
  LifecycleCommands& lifecycle_;
};

// Inside the transaction that records a subscription purchase's successful payment (checkout or
// charge): a pending subscriber becomes active from `now`, and a card the payment saved becomes
// the one its renewals are charged with.
void record_subscription_payment(store::WriteTxn& tx, const Purchase& purchase, std::int64_t now);

// Inside the transaction that records a declined charge of a subscription purchase (record_charge):
// an invoice (charge_fail_invoice) when its subscriber wants one, else charge_fail.
void record_failed_renewal(PurchaseWriter& w, std::int64_t now);

// Writes the subscriber (its version checked) and sets its new version.
void save_subscriber(store::WriteTxn& tx, Subscriber& s);
// Schedules the subscriber's next billing at period `index` and arms its timer; past what a
// schedule may count, the subscription ends (inactive, timer disarmed).
void schedule_billing(store::WriteTxn& tx, Subscriber& s, const Subscription& plan, std::int64_t index);
// A refusal of one input field (400 naming it).
EngineError billing_field_error(const std::string& field, const std::string& message);
// The purchase command a template issues (no client yet): what create and PUT check, and what
// every invoice and renewal is built from.
NewPurchase purchase_of(const BillingTemplate& t);

// Writes a prepared purchase and sends it as an invoice: purchase.created, then purchase.sent.
Purchase write_sent(store::WriteTxn& tx, const Caller& caller, Purchase purchase, std::int64_t now);

// Where a template's subscriber bills next: the instant of period `index` (subscription_period.hpp).
std::int64_t billing_instant(const Subscription& s, std::int64_t anchor, std::int64_t index);
// The first billing index of a subscriber activated at its anchor: after the trial, at the start
// or the end of a period; the activation's own payment is index 0 when there is neither.
std::int64_t first_billing_index(const Subscription& s);

}  // namespace tender::engine::billing
