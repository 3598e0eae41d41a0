#pragma once
// One event on its way to one destination (a webhook, or a purchase's success_callback), with
// every attempt made. Stored as a record of kind "delivery": status pending / delivered /
// failed, lookup "<event id>:<destination>" (unique, so an event is fanned out once).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tender::webhooks {

inline constexpr const char* kDeliveryKind = "delivery";
inline constexpr const char* kSuccessCallbackDestination = "success_callback";

enum class DeliveryStatus { pending, delivered, failed };
std::string_view to_string(DeliveryStatus status);
std::optional<DeliveryStatus> delivery_status_from_string(std::string_view text);

struct DeliveryAttempt {
  std::int64_t attempted_at = 0;        // clock seconds when the attempt started
  std::string url;
  std::optional<int> status_code;       // absent when no HTTP answer arrived
  std::int64_t duration_ms = 0;
  std::string error;                    // "" on a 2xx; otherwise what went wrong
  bool manual = false;                  // made because of a resend request
};

struct Delivery {
  std::string id;
  std::string company_id;
  bool is_test = true;
  DeliveryStatus status = DeliveryStatus::pending;
  std::string event_id;
  std::int64_t event_seq = 0;           // outbox order: the delivery order within one queue
  std::string event_type;
  std::string object_id;                // the purchase
  std::int64_t event_created_on = 0;
  std::string destination;              // kSuccessCallbackDestination, or "webhook"
  std::string webhook_id;               // when destination is "webhook"
  std::string url;                      // success callbacks: fixed; webhooks: the webhook's current URL
  std::string payload;                  // the exact body bytes sent (and signed) on every attempt
  std::vector<DeliveryAttempt> attempts;
  int max_attempts = 0;                 // automatic budget; a resend extends it by one
  std::int64_t next_attempt_at = 0;     // while pending
  std::int64_t give_up_at = 0;          // event time + 36 h (or resend time + 1 h)
  std::int64_t delivered_on = 0;
  std::string failure_reason;           // why a failed delivery was given up
  bool resend_requested = false;        // the next attempt is a manual one
  std::int64_t created_on = 0;
  std::int64_t updated_on = 0;
  std::int64_t version = 0;

  // Deliveries to one destination about one object go strictly in event order.
  std::string queue_key() const { return object_id + "|" + (webhook_id.empty() ? destination : webhook_id); }
  std::string lookup() const { return event_id + ":" + (webhook_id.empty() ? destination : webhook_id); }
};

store::Record delivery_record(const Delivery& delivery);
Delivery delivery_from_record(const store::Record& record);

}  // namespace tender::webhooks
