#pragma once
// A subscriber (the Collect API's BillingTemplateClient): one client on one subscription
// template, with its schedule and the saved card its renewals are charged with. The same client
// may subscribe to a template several times; each subscription is its own subscriber.
//
// Status: pending (its first purchase is not paid yet) → active ⇄ subscription_paused (PATCH);
// inactive when the template is gone or the number of billing cycles is reached.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tender::engine::billing {

inline constexpr const char* kSubscriberKind = "billing_template_client";

enum class SubscriberStatus { pending, inactive, active, subscription_paused };
std::optional<SubscriberStatus> subscriber_status_from_string(std::string_view text);
std::string_view to_string(SubscriberStatus status);

struct Subscriber {
  std::string id;
  std::string company_id;
  std::string template_id;
  std::string client_id;
  bool is_test = true;
  SubscriberStatus status = SubscriberStatus::pending;
  std::vector<std::string> payment_method_whitelist;  // copied to every purchase it gets
  bool send_invoice_on_charge_failure = true;
  bool send_invoice_on_add_subscriber = false;
  bool send_receipt = true;
  // The schedule: billing k happens at period_start(anchor, period, k) (subscription_period.hpp).
  std::int64_t anchor = 0;         // activation instant; 0 while pending
  std::int64_t next_index = 0;     // the period index of the next billing
  std::optional<std::int64_t> next_billing_at;  // when the next billing is scheduled, if it is
  std::int64_t cycles_passed = 0;  // purchases issued for this subscription, the first included
  std::optional<std::string> recurring_token;   // the purchase whose saved card renewals use
  std::optional<std::string> first_purchase_id; // the purchase that activates a pending subscriber
  std::int64_t created_on = 0;
  std::int64_t updated_on = 0;
  std::int64_t version = 0;
};

// Stored with the template id in the record's indexed status column: a template's subscribers are
// listed by it (their own status lives in the body).
store::Record subscriber_record(const Subscriber& s);
Subscriber subscriber_from_record(const store::Record& r);

}  // namespace tender::engine::billing
