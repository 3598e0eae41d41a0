#pragma once
// The Orders API bodies (seed 004) as field tables: POST /v1/orders/purchase and /authorize, and
// the {amount} of capture and refund. order_request.cpp validates through them and
// orders_openapi.cpp documents them. Every pattern failure reads "This value is not valid.".
#include <string_view>

#include "api/collect/purchase_request.hpp"
#include "api/schema/field.hpp"
#include "engine/ids.hpp"
#include "money/decimal.hpp"

namespace tender::api::orders {

using schema::Field;
using schema::Type;

inline constexpr std::string_view kSourceTypes[] = {"card", "apple_pay", "google_pay", "samsung_pay"};
inline constexpr std::string_view kCardSourceTypes[] = {"card"};
inline constexpr std::string_view kWalletSourceTypes[] = {"apple_pay", "google_pay", "samsung_pay"};
inline constexpr std::string_view kTransactionTypes[] = {"internet", "merchant", "moto"};
inline constexpr std::string_view kAuthStatuses[] = {"Y", "N", "U", "A", "R"};
inline constexpr std::string_view kEcis[] = {"00", "01", "02", "05", "06", "07"};
inline constexpr std::string_view kThreeDsVersions[] = {"2.0.0", "2.1.0", "2.2.0", "2.3.0"};
inline constexpr std::string_view kAgreementTypes[] = {"unscheduled", "recurring", "registered", "installment"};
inline constexpr std::string_view kAmountTypes[] = {"fixed", "variable"};
inline constexpr std::string_view kVisaTransactionIndicators[] = {"I", "P", "R", "Y"};
inline constexpr std::string_view kVisaSpecialConditions[] = {"A", "B", "E", "H", "J", "M", "N", "T"};
inline constexpr std::string_view kMastercardTransactionTypes[] = {
    "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C09", "C51", "C52", "C53", "C54", "C55",
    "C56", "C57", "C58", "C59", "C60", "C61", "C62", "C63", "C64", "C65", "C66", "C67", "C68",
    "C91", "C92", "C93", "C94", "F07", "F52", "F53", "F54", "F61", "F64", "P01", "P70", "P71"};
inline constexpr std::string_view kMastercardPromotionCodes[] = {"ARGCTA", "AGROF1", "BNDES1", "CHLCTA", "COLCTA",
                                                                 "GREECE", "HGMINS", "MCGARS", "MCINST", "MEXCTA",
                                                                 "PARCEL", "PERCTA", "PHINST", "PRYCTA", "URYCTA"};

inline constexpr std::string_view kNotValid = "This value is not valid.";
inline constexpr std::int64_t kMinOrderAmount = 100;

// device.ip_address: an IPv4 or IPv6 address (boost::asio reads both).
bool valid_ip_address(const std::string& text);

// Read to choose the source's table; each alternative documents its own types.
inline constexpr Field kSourceTypeFields[] = {{.name = "type", .required = true, .choices = kSourceTypes}};

inline constexpr Field kAuthFields[] = {
    {.name = "value", .max_length = 256, .description = "The authentication value (CAVV); not stored."},
    {.name = "status", .required = true, .choices = kAuthStatuses},
    {.name = "eci", .choices = kEcis},
    {.name = "version", .choices = kThreeDsVersions},
    {.name = "ds_transaction_id", .max_length = 64},
    {.name = "acs_transaction_id", .max_length = 64},
    {.name = "ds_reference_number", .max_length = 32},
    {.name = "acs_reference_number", .max_length = 32},
    {.name = "tds_purchase_date", .max_length = 32},
};

inline constexpr Field kCardSourceFields[] = {
    {.name = "type", .required = true, .choices = kCardSourceTypes},
    {.name = "number", .required = true, .pattern = "^[0-9]{13,19}$", .invalid_message = kNotValid},
    {.name = "month", .type = Type::integer, .required = true, .minimum = 1, .maximum = 12},
    {.name = "year", .type = Type::integer, .required = true, .minimum = 2000, .maximum = 9999},
    {.name = "security_code", .required = true, .pattern = "^[0-9]{3,4}$", .invalid_message = kNotValid},
    {.name = "auth", .type = Type::object, .fields = kAuthFields,
     .description = "3-D Secure done by the merchant: its result is passed on and no challenge runs."},
};

inline constexpr Field kWalletSourceFields[] = {
    {.name = "type", .required = true, .choices = kWalletSourceTypes},
    {.name = "number", .required = true, .pattern = "^[0-9]{13,19}$", .invalid_message = kNotValid,
     .description = "The network token."},
    {.name = "month", .type = Type::integer, .required = true, .minimum = 1, .maximum = 12},
    {.name = "year", .type = Type::integer, .required = true, .minimum = 2000, .maximum = 9999},
    {.name = "eci", .choices = kEcis},
    {.name = "cryptogram", .required = true, .max_length = 256, .description = "Not stored."},
};

inline constexpr Field kSourceAlternatives[] = {
    {.name = "card", .type = Type::object, .required = true, .fields = kCardSourceFields, .description = "A card."},
    {.name = "wallet", .type = Type::object, .required = true, .fields = kWalletSourceFields,
     .description = "A wallet's network token."},
};

inline constexpr Field kDeviceFields[] = {
    {.name = "user_agent", .required = true, .max_length = 1024},
    {.name = "ip_address", .required = true, .max_length = 45, .check = valid_ip_address,
     .invalid_message = "This is not a valid IP address.", .description = "An IPv4 or IPv6 address."},
};

inline constexpr Field kAirlineFields[] = {
    {.name = "reference", .required = true, .max_length = 15, .min_length = 6, .pattern = "^[a-zA-Z0-9]+$",
     .invalid_message = kNotValid},
};

inline constexpr Field kNewAgreementFields[] = {
    {.name = "type", .required = true, .choices = kAgreementTypes},
    {.name = "id", .required = true, .max_length = 36, .min_length = 1, .pattern = "^[a-zA-Z0-9-]+$",
     .invalid_message = kNotValid},
    {.name = "count", .type = Type::integer, .minimum = 1, .maximum = 999},
    {.name = "amount_type", .choices = kAmountTypes, .description = "Default: variable."},
};

inline constexpr Field kVisaFields[] = {
    {.name = "transaction_indicator", .choices = kVisaTransactionIndicators},
    {.name = "special_condition", .choices = kVisaSpecialConditions},
};
inline constexpr Field kMastercardFields[] = {
    {.name = "transaction_type_identifier", .choices = kMastercardTransactionTypes},
    {.name = "promotion_code", .choices = kMastercardPromotionCodes},
};
inline constexpr Field kAdditionalDataFields[] = {
    {.name = "visa", .type = Type::object, .fields = kVisaFields},
    {.name = "mastercard", .type = Type::object, .fields = kMastercardFields},
};

inline constexpr Field kSubMerchantFields[] = {
    {.name = "id", .required = true, .max_length = 15, .min_length = 1, .pattern = "^[a-zA-Z0-9-]+$",
     .invalid_message = kNotValid},
    {.name = "name", .required = true, .max_length = 100, .min_length = 1},
    {.name = "city", .required = true, .max_length = 100, .min_length = 1},
};

inline constexpr Field kOrderFields[] = {
    {.name = "given_id", .max_length = 36, .format = "uuid", .check = engine::is_uuid,
     .invalid_message = "This is not a valid UUID.",
     .description = "The merchant's id of the order; a request repeating it is answered with the first order."},
    {.name = "amount", .type = Type::integer, .required = true, .minimum = kMinOrderAmount,
     .maximum = money::kMaxMinorUnits, .description = "In the currency's minor unit."},
    {.name = "currency", .required = true, .max_length = 3, .description = "ISO 4217 currency code."},
    {.name = "description", .required = true, .max_length = 1024},
    {.name = "transaction_type", .choices = kTransactionTypes, .description = "Default: internet."},
    {.name = "source", .type = Type::object, .required = true, .one_of = kSourceAlternatives},
    {.name = "device", .type = Type::object, .required = true, .fields = kDeviceFields},
    {.name = "airline", .type = Type::object, .fields = kAirlineFields},
    {.name = "new_agreement", .type = Type::object, .fields = kNewAgreementFields,
     .description = "Saves the card for later merchant-initiated orders."},
    {.name = "agreement_id", .max_length = 64, .description = "Not together with new_agreement."},
    {.name = "additional_data", .type = Type::object, .fields = kAdditionalDataFields},
    {.name = "sub_merchant", .type = Type::object, .fields = kSubMerchantFields},
    {.name = "callback_url", .max_length = 1024, .format = "uri", .check = collect::valid_url,
     .invalid_message = "This value is not a valid URL.",
     .description = "Where the payer's browser returns after 3-D Secure, whatever the outcome."},
};

// capture and refund: the amount is optional (all that remains).
inline constexpr Field kAmountFields[] = {
    {.name = "amount", .type = Type::integer, .minimum = 1, .maximum = money::kMaxMinorUnits,
     .description = "In the currency's minor unit; default: all that remains."},
};

}  // namespace tender::api::orders
