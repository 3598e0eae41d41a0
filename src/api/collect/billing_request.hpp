#pragma once
// Decodes and validates the Collect billing bodies (docs/billing.md) into engine commands: a
// BillingTemplate (POST/PUT /billing_templates/, POST /billing/), a recipient (send_invoice), a
// subscriber (add_subscriber) and its PATCH. Read-only fields a client echoes back (id, type,
// created_on, company_id, is_test, user_id, subscription_has_active_clients...) are ignored, as
// are the fields of the other kind of template, as the provider's documentation says.
#include <boost/json.hpp>
#include <optional>
#include <vector>

#include "engine/billing/billing_commands.hpp"
#include "json/field_errors.hpp"

namespace tender::api::collect {

// `one_off`: POST /billing/, where title and is_subscription are read-only (always a one-time
// invoice) and `clients` lists the recipients.
struct TemplateBody {
  engine::billing::BillingTemplate template_;
  std::vector<engine::billing::Recipient> recipients;  // one_off only
};
std::optional<TemplateBody> read_template_body(const boost::json::object& body, bool one_off, json::FieldErrors& errors);
std::optional<engine::billing::Recipient> read_recipient(const boost::json::object& body, json::FieldErrors& errors);
std::optional<engine::billing::NewSubscriber> read_new_subscriber(const boost::json::object& body,
                                                                  json::FieldErrors& errors);
std::optional<engine::billing::SubscriberChange> read_subscriber_change(const boost::json::object& body,
                                                                        json::FieldErrors& errors);

}  // namespace tender::api::collect
