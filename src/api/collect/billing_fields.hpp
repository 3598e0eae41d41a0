#pragma once
// The Collect billing bodies (docs/billing.md; chip-php-sdk Model/BillingTemplate.php) as field
// tables: billing_request.cpp reads them through schema::TableReader and the OpenAPI document
// shows them. A template's purchase is the purchase table's PurchaseDetails, and a recipient's
// payment_method_whitelist the purchase's. A template is one of two tables, picked by its
// is_subscription.
#include <array>
#include <string>
#include <string_view>

#include "api/collect/lifecycle_fields.hpp"
#include "api/collect/purchase_fields.hpp"
#include "api/schema/field.hpp"
#include "engine/billing/billing_commands.hpp"
#include "engine/ids.hpp"

namespace tender::api::collect {

// "YYYY-MM-DD", a real calendar day from 1970 on.
bool valid_billing_date(const std::string& text);

inline constexpr std::string_view kPeriodUnits[] = {"days", "weeks", "months"};
inline constexpr std::string_view kSettableSubscriberStatuses[] = {"active", "subscription_paused"};
inline constexpr std::int64_t kMaxPeriods = 256;  // the provider's range for every period count

namespace billing_field {

inline constexpr Field kBrandId = {.name = "brand_id", .required = true, .max_length = 36, .format = "uuid",
                                   .check = engine::is_uuid, .invalid_message = kInvalidUuid};
inline constexpr Field kClientId = {.name = "client_id", .required = true, .max_length = 36, .format = "uuid",
                                    .check = engine::is_uuid, .invalid_message = kInvalidUuid,
                                    .description = "A client of the caller's company."};
inline constexpr Field kWhitelist = *schema::find_field(kPurchaseFields, "payment_method_whitelist");
inline constexpr Field kPurchase = *schema::find_field(kPurchaseFields, "purchase");
inline constexpr Field kForceRecurring = {.name = "force_recurring", .type = Type::boolean};
inline constexpr Field kInvoiceIssued = {.name = "invoice_issued", .nullable = true, .max_length = 10,
                                         .format = "date", .check = valid_billing_date,
                                         .invalid_message = "Date expected as YYYY-MM-DD.",
                                         .description = "Invoice templates: the date printed on the invoice."};
inline constexpr Field kInvoiceSkipCapture = {.name = "invoice_skip_capture", .type = Type::boolean};
inline constexpr Field kInvoiceSendReceipt = {.name = "invoice_send_receipt", .type = Type::boolean};
inline constexpr Field kTitle = {.name = "title", .nullable = true, .max_length = 256};
// The kind of a template, and the value that picks its table.
constexpr Field is_subscription(bool value) {
  return {.name = "is_subscription", .type = Type::boolean, .required = true,
          .description = "Fixed once the template is created.", .boolean_const = value};
}
// An invoice's due time: required of an invoice template and of a one-time invoice.
inline constexpr Field kInvoiceDue = {.name = "invoice_due", .type = Type::integer, .required = true, .minimum = 0,
                                      .maximum = kMaxUnixTime, .description = "Unix time."};

// The members of both kinds of template, then those of `kind`.
template <std::size_t N>
constexpr std::array<Field, 5 + N> template_fields(bool subscription, const Field (&kind)[N]) {
  std::array<Field, 5 + N> out{kBrandId, kTitle, is_subscription(subscription), kPurchase, kForceRecurring};
  for (std::size_t i = 0; i < N; ++i) out[5 + i] = kind[i];
  return out;
}

inline constexpr Field kInvoiceMembers[] = {kInvoiceIssued, kInvoiceDue, kInvoiceSkipCapture, kInvoiceSendReceipt};
inline constexpr Field kSubscriptionMembers[] = {
    {.name = "subscription_period", .type = Type::integer, .minimum = 1, .maximum = kMaxPeriods,
     .description = "Default 1."},
    {.name = "subscription_period_units", .required = true, .choices = kPeriodUnits},
    {.name = "subscription_due_period", .type = Type::integer, .minimum = 1, .maximum = kMaxPeriods,
     .description = "Default 7."},
    {.name = "subscription_due_period_units", .choices = kPeriodUnits, .description = "Default days."},
    {.name = "subscription_charge_period_end", .type = Type::loose_boolean,
     .description = "0 and 1 are accepted (the PHP SDK's docblock types it int)."},
    {.name = "subscription_trial_periods", .type = Type::integer, .minimum = 0, .maximum = kMaxPeriods},
    {.name = "subscription_active", .type = Type::boolean},
    {.name = "number_of_billing_cycles", .type = Type::integer, .nullable = true, .minimum = 0,
     .maximum = engine::billing::kMaxPeriodIndex, .description = "Per subscriber; 0: no limit."},
};

}  // namespace billing_field

// POST and PUT /billing_templates/: an invoice template (is_subscription false) or a subscription
// (true); the decoder picks the table by is_subscription and ignores the other kind's fields.
inline constexpr auto kInvoiceTemplateFields = billing_field::template_fields(false, billing_field::kInvoiceMembers);
inline constexpr auto kSubscriptionTemplateFields =
    billing_field::template_fields(true, billing_field::kSubscriptionMembers);
inline constexpr Field kTemplateAlternatives[] = {
    {.name = "invoice_template", .type = Type::object, .fields = kInvoiceTemplateFields, .open = true,
     .description = "An invoice template (is_subscription false): its invoice is sent with send_invoice."},
    {.name = "subscription_template", .type = Type::object, .fields = kSubscriptionTemplateFields, .open = true,
     .description = "A subscription (is_subscription true): clients join it with add_subscriber."},
};
inline constexpr Field kTemplateBody = {.name = "billing_template", .type = Type::object, .open = true,
                                        .one_of = kTemplateAlternatives};

// Who an invoice or a subscription is for.
inline constexpr Field kRecipientFields[] = {billing_field::kClientId, billing_field::kWhitelist};
inline constexpr Field kRecipientBody = {.name = "recipient", .type = Type::object, .fields = kRecipientFields,
                                         .open = true};
inline constexpr Field kRecipientItem = {.name = "client", .type = Type::object, .fields = kRecipientFields,
                                         .open = true};

// POST /billing/: a one-time invoice to each of `clients` (no title, always an invoice).
inline constexpr Field kOneOffFields[] = {
    billing_field::kBrandId,
    billing_field::kPurchase,
    billing_field::kForceRecurring,
    billing_field::kInvoiceIssued,
    billing_field::kInvoiceDue,
    billing_field::kInvoiceSkipCapture,
    billing_field::kInvoiceSendReceipt,
    {.name = "clients", .type = Type::array, .required = true, .items = &kRecipientItem, .min_items = 1,
     .max_items = engine::billing::kMaxRecipientsPerCall},
};
inline constexpr Field kOneOffBody = {.name = "billing", .type = Type::object, .fields = kOneOffFields, .open = true};

// POST /billing_templates/{id}/add_subscriber/.
inline constexpr Field kNewSubscriberFields[] = {
    billing_field::kClientId,
    billing_field::kWhitelist,
    {.name = "send_invoice_on_charge_failure", .type = Type::boolean},
    {.name = "send_invoice_on_add_subscriber", .type = Type::boolean,
     .description = "Issue the first invoice at once (answered as purchase)."},
    {.name = "send_receipt", .type = Type::boolean},
};
inline constexpr Field kNewSubscriberBody = {.name = "subscriber", .type = Type::object,
                                             .fields = kNewSubscriberFields, .open = true};

// PATCH /billing_templates/{id}/clients/{client_id}/.
inline constexpr Field kSubscriberChangeFields[] = {
    {.name = "status", .choices = kSettableSubscriberStatuses},
    billing_field::kWhitelist,
    {.name = "send_invoice_on_charge_failure", .type = Type::boolean},
    {.name = "send_invoice_on_add_subscriber", .type = Type::boolean},
    {.name = "send_receipt", .type = Type::boolean},
};
inline constexpr Field kSubscriberChangeBody = {.name = "subscriber", .type = Type::object,
                                                .fields = kSubscriberChangeFields, .open = true};

}  // namespace tender::api::collect
