#pragma once
// The Collect API's request bodies (seeds 002 and 003) as field tables: purchase creation and the
// client details it and /clients/ share. purchase_request.cpp and client_details.cpp validate
// through them; collect_openapi.cpp documents them. The Collect API ignores members it does not
// know (the provider's clients send extra ones), so its objects are open. Where CHIP's own clients
// send looser types than the seed, the tables say so (docs/collect-clients.md).
#include <array>
#include <string_view>

#include "api/collect/client_details.hpp"
#include "api/schema/field.hpp"

namespace tender::api::collect {

using schema::Field;
using schema::Type;

inline constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000'000;  // 10^15, the money module's limit
inline constexpr std::int64_t kMaxUnixTime = 253402300799;             // the last second of year 9999

inline constexpr std::string_view kInvalidEmail = "Enter a valid email address.";
inline constexpr Field kEmailField = {.name = "email", .max_length = 254, .format = "email", .check = valid_email,
                                      .invalid_message = kInvalidEmail};

// The client details: `email` is required when creating (a purchase's client, POST and PUT
// /clients/), not when changing some details (PATCH).
constexpr std::array<Field, 22> client_fields(bool email_required) {
  return {{
      {.name = "email", .required = email_required, .max_length = 254, .format = "email", .check = valid_email,
       .invalid_message = kInvalidEmail},
      // Lengths from the seed's schemas (Phone 32, StreetAddress 128, Country 2, City 128, ZIPCode 32,
      // State 128, BankAccount 34, bank_code 11, names 128, codes 32).
      {.name = "phone", .nullable = true, .max_length = 32},
      {.name = "full_name", .nullable = true, .max_length = 128},
      {.name = "personal_code", .nullable = true, .max_length = 32},
      {.name = "street_address", .nullable = true, .max_length = 128},
      {.name = "country", .nullable = true, .max_length = 2},
      {.name = "city", .nullable = true, .max_length = 128},
      {.name = "zip_code", .nullable = true, .max_length = 32},
      {.name = "state", .nullable = true, .max_length = 128},
      {.name = "shipping_street_address", .nullable = true, .max_length = 128},
      {.name = "shipping_country", .nullable = true, .max_length = 2},
      {.name = "shipping_city", .nullable = true, .max_length = 128},
      {.name = "shipping_zip_code", .nullable = true, .max_length = 32},
      {.name = "shipping_state", .nullable = true, .max_length = 128},
      {.name = "legal_name", .nullable = true, .max_length = 128},
      {.name = "brand_name", .nullable = true, .max_length = 128},
      {.name = "registration_number", .nullable = true, .max_length = 32},
      {.name = "tax_number", .nullable = true, .max_length = 32},
      {.name = "bank_account", .nullable = true, .max_length = 34},
      {.name = "bank_code", .nullable = true, .max_length = 11},
      {.name = "cc", .type = Type::array, .nullable = true, .items = &kEmailField, .max_items = 50,
       .description = "null is accepted (the Go SDK sends it)."},
      {.name = "bcc", .type = Type::array, .nullable = true, .items = &kEmailField, .max_items = 50},
  }};
}
inline constexpr auto kClientFields = client_fields(true);
inline constexpr auto kClientPatchFields = client_fields(false);

inline constexpr Field kProductFields[] = {
    {.name = "name", .required = true, .max_length = 256},
    {.name = "quantity", .type = Type::decimal, .maximum = 1'000'000,
     .description = "A decimal string (\"1.5\"); a number is accepted (the Java SDK sends 2.0). Default 1."},
    {.name = "price", .type = Type::integer, .required = true, .minimum = 0, .maximum = kMaxAmountMinor,
     .description = "In the currency's minor unit."},
    {.name = "discount", .type = Type::integer, .minimum = 0, .maximum = kMaxAmountMinor},
    {.name = "tax_percent", .type = Type::decimal, .maximum = 100,
     .description = "A decimal string; a number is accepted, \"\" is absent (the Go SDK)."},
    {.name = "category", .nullable = true, .max_length = 256},
    {.name = "total_price_override", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = kMaxAmountMinor},
};
inline constexpr Field kProductField = {.name = "product", .type = Type::object, .fields = kProductFields, .open = true};

inline constexpr std::string_view kRequestClientDetails[] = {
    "email", "phone", "full_name", "personal_code", "brand_name", "legal_name", "registration_number",
    "tax_number", "bank_account", "bank_code", "billing_address", "shipping_address"};
inline constexpr Field kRequestClientDetailField = {.name = "field", .choices = kRequestClientDetails};
inline constexpr Field kPaymentMethodField = {.name = "method", .max_length = 64, .min_length = 1};

inline constexpr Field kPurchaseDetailsFields[] = {
    {.name = "currency", .max_length = 3,
     .description = "ISO 4217; lower case is read as upper case (PrestaShop), \"\" is absent (the Go SDK)."},
    {.name = "products", .type = Type::array, .required = true, .items = &kProductField, .min_items = 1,
     .max_items = 100},
    {.name = "language", .max_length = 2, .description = "Default: en."},
    {.name = "notes", .nullable = true, .max_length = 10000},
    {.name = "debt", .type = Type::integer, .minimum = -kMaxAmountMinor, .maximum = kMaxAmountMinor},
    {.name = "subtotal_override", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = kMaxAmountMinor},
    {.name = "total_tax_override", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = kMaxAmountMinor},
    {.name = "total_discount_override", .type = Type::integer, .nullable = true, .minimum = 0,
     .maximum = kMaxAmountMinor},
    {.name = "total_override", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = kMaxAmountMinor,
     .description = "0 with skip_capture makes a preauthorization; 0 without it is absent (the Go SDK)."},
    {.name = "request_client_details", .type = Type::array, .items = &kRequestClientDetailField, .max_items = 12,
     .description = "Unique items."},
    {.name = "timezone", .nullable = true, .max_length = 64},
    {.name = "due_strict", .type = Type::loose_boolean, .nullable = true},
    {.name = "email_message", .nullable = true, .max_length = 256},
    {.name = "metadata", .type = Type::object, .nullable = true, .open = true, .description = "At most 16 KiB."},
    {.name = "single_attempt", .type = Type::boolean},
};

inline constexpr Field kPurchaseFields[] = {
    {.name = "brand_id", .required = true, .max_length = 36, .format = "uuid"},
    {.name = "client_id", .nullable = true, .max_length = 36, .format = "uuid",
     .description = "Either client or client_id; \"\" is absent (the Go SDK)."},
    {.name = "client", .type = Type::object, .fields = kClientFields, .open = true,
     .description = "Required without client_id."},
    {.name = "purchase", .type = Type::object, .required = true, .fields = kPurchaseDetailsFields, .open = true},
    {.name = "success_redirect", .nullable = true, .max_length = 500, .format = "uri"},
    {.name = "failure_redirect", .nullable = true, .max_length = 500, .format = "uri"},
    {.name = "cancel_redirect", .nullable = true, .max_length = 500, .format = "uri",
     .description = "Without any of <>'\"."},
    {.name = "success_callback", .nullable = true, .max_length = 500, .format = "uri"},
    {.name = "creator_agent", .nullable = true, .max_length = 32},
    {.name = "reference", .type = Type::string_or_integer, .nullable = true, .max_length = 128,
     .description = "A number is kept as its text (WooCommerce sends its order id)."},
    {.name = "issued", .nullable = true, .max_length = 32},
    {.name = "platform", .nullable = true, .max_length = 64,
     .description = "Any name is kept (every CHIP plugin sends its own)."},
    {.name = "due", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = kMaxUnixTime,
     .description = "Unix time; 0 is absent (the Go SDK)."},
    {.name = "skip_capture", .type = Type::loose_boolean, .nullable = true},
    {.name = "force_recurring", .type = Type::loose_boolean, .nullable = true},
    {.name = "send_receipt", .type = Type::loose_boolean, .nullable = true},
    {.name = "payment_method_whitelist", .type = Type::array, .nullable = true, .items = &kPaymentMethodField,
     .min_items = 1, .max_items = 50},
};
inline constexpr Field kPurchaseBody = {.name = "purchase", .type = Type::object, .fields = kPurchaseFields, .open = true};
inline constexpr Field kClientBody = {.name = "client", .type = Type::object, .fields = kClientFields, .open = true};
inline constexpr Field kClientPatchBody = {.name = "client", .type = Type::object, .fields = kClientPatchFields, .open = true};

}  // namespace tender::api::collect
