#pragma once
// The event types a webhook can listen to: every event the engine writes to the outbox. The
// list is derived from the state machine's table (plus the events that are not status moves),
// so a new transition cannot be forgotten here. docs/webhooks.md lists them for people.
#include <string>
#include <string_view>
#include <vector>

namespace tender::webhooks {

// Sorted, unique.
const std::vector<std::string>& event_types();
bool is_event_type(std::string_view name);
// "a, b, c": for validation messages.
const std::string& event_types_text();

// Success callbacks (Purchase.success_callback) fire on these only: paid (also by a recurring
// charge, which the engine reports as purchase.paid) and captured.
bool is_success_callback_event(std::string_view event_type);
// Events that also go to a purchase's success callback when it asked for failures (S2S webhook_url).
bool is_failure_callback_event(std::string_view event_type);

}  // namespace tender::webhooks
