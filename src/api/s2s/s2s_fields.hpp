#pragma once
// The server-to-server Purchase API body (seeds 000 and 001) as a field table: every maxLength of
// the seed, additionalProperties: false at every level. s2s_request.cpp validates through it and
// s2s_openapi.cpp documents it.
#include "api/collect/purchase_request.hpp"
#include "api/schema/field.hpp"

namespace tender::api::s2s {

using schema::Field;
using schema::Type;

// billing_address and shipping_address share their fields and limits.
inline constexpr Field kAddressFields[] = {
    {.name = "country", .max_length = 2, .description = "ISO 3166-1 alpha-2 country code."},
    {.name = "email", .max_length = 45},
    {.name = "phone_number", .max_length = 20},
    {.name = "address1", .max_length = 199},
    {.name = "city", .max_length = 65},
    {.name = "state", .max_length = 65},
    {.name = "postal_code", .max_length = 45},
};

inline constexpr Field kBrowserInfoFields[] = {
    {.name = "acceptHeader", .max_length = 200},
    {.name = "screenColorDepth", .max_length = 2},
    {.name = "language", .max_length = 10},
    {.name = "screenHeight", .max_length = 5},
    {.name = "screenWidth", .max_length = 5},
    {.name = "challengeWindow", .max_length = 2},
    {.name = "userAgent", .max_length = 500},
    {.name = "javaEnabled", .type = Type::boolean},
};

// webhook_url is kept as sent (the seed's own example sends the placeholder "< Webhook url >") and
// called only when it is an http(s) URL; success_url and decline_url are where the payer's browser
// goes after 3-D Secure, so they must be http(s) URLs.
inline constexpr Field kReturnUrlFields[] = {
    {.name = "webhook_url", .max_length = 255,
     .description = "Called with the payment's result (success or decline) when it is an http(s) URL."},
    {.name = "success_url", .max_length = 255, .format = "uri", .check = collect::valid_url,
     .invalid_message = "must be an absolute http or https URL.",
     .description = "Where the payer returns after a successful 3-D Secure authentication."},
    {.name = "decline_url", .max_length = 255, .format = "uri", .check = collect::valid_url,
     .invalid_message = "must be an absolute http or https URL.",
     .description = "Where the payer returns after a failed 3-D Secure authentication."},
};

// Number, expiry and CVC are needed to pay, so they are required although the seed's schema lists
// no required card fields. Only their form is checked (digits, lengths); whether they are valid is
// the acquirer's answer (a decline), as in every dialect.
inline constexpr Field kCardFields[] = {
    {.name = "cvc", .required = true, .max_length = 4, .pattern = "^[0-9]{3,4}$",
     .invalid_message = "must be 3 or 4 digits."},
    {.name = "expiry_month", .required = true, .max_length = 2, .pattern = "^[0-9]+$",
     .invalid_message = "must be 1 or 2 digits, such as \"12\"."},
    {.name = "expiry_year", .required = true, .max_length = 4, .pattern = "^([0-9]{2}|[0-9]{4})$",
     .invalid_message = "must be 2 or 4 digits, such as \"29\" or \"2029\"."},
    {.name = "name", .max_length = 255, .description = "The cardholder's name."},
    {.name = "number", .required = true, .max_length = 16, .pattern = "^[0-9]+$",
     .invalid_message = "must contain digits only."},
};

// The seed gives `amount` no maxLength; 32 characters hold any amount up to the money limit.
inline constexpr Field kPaymentFields[] = {
    {.name = "amount", .required = true, .max_length = 32,
     .description = "Decimal amount in major units (\"10.50\"), exact in the currency's minor unit; greater than 0."},
    {.name = "currency", .required = true, .max_length = 3, .description = "ISO 4217 currency code such as \"USD\"."},
    {.name = "card", .type = Type::object, .required = true, .fields = kCardFields},
    {.name = "merchant_txn_ref", .max_length = 45, .description = "The merchant's reference of the payment."},
    {.name = "customer_ip", .max_length = 45, .description = "The payer's IP address."},
    {.name = "merchant_id", .required = true, .max_length = 128,
     .description = "A brand id of the API key's company (else 403)."},
    {.name = "return_url", .type = Type::object, .fields = kReturnUrlFields,
     .description = "success_url and decline_url are needed when the card is enrolled in 3-D Secure."},
    {.name = "billing_address", .type = Type::object, .required = true, .fields = kAddressFields},
    {.name = "shipping_address", .type = Type::object, .fields = kAddressFields},
    {.name = "browser_info", .type = Type::object, .fields = kBrowserInfoFields},
    {.name = "time_zone", .max_length = 128},
};
inline constexpr Field kPaymentBody = {.name = "payment", .type = Type::object, .fields = kPaymentFields};

}  // namespace tender::api::s2s
