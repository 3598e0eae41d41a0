#pragma once
// The bodies of the Collect purchase actions (seed 003: capture, refund, charge; mark_as_paid) as
// field tables: lifecycle_routes.cpp reads them through schema::TableReader and the OpenAPI
// document shows them (collect_openapi_lifecycle.cpp). The other actions take no body ({} or none).
#include <string_view>

#include "api/collect/purchase_fields.hpp"
#include "api/schema/field.hpp"
#include "engine/ids.hpp"

namespace tender::api::collect {

inline constexpr std::string_view kInvalidUuid = "Must be a valid UUID.";

inline constexpr Field kAmountFields[] = {
    {.name = "amount", .type = Type::integer, .nullable = true, .maximum = kMaxAmountMinor,
     .description = "In the currency's minor unit; absent or null: the whole amount left (held, or paid and not "
                    "yet refunded). The engine refuses a non-positive amount or one above what is left."},
};
inline constexpr Field kAmountBody = {.name = "amount", .type = Type::object, .fields = kAmountFields, .open = true};

inline constexpr Field kChargeFields[] = {
    {.name = "recurring_token", .required = true, .max_length = 36, .format = "uuid", .check = engine::is_uuid,
     .invalid_message = kInvalidUuid,
     .description = "The id of a purchase of the caller's that holds a recurring token (paid with force_recurring)."},
};
inline constexpr Field kChargeBody = {.name = "charge", .type = Type::object, .fields = kChargeFields, .open = true};

inline constexpr Field kMarkAsPaidFields[] = {
    {.name = "paid_on", .type = Type::integer, .nullable = true, .minimum = 0, .maximum = kMaxUnixTime,
     .description = "Unix time the payment was received; absent: now."},
};
inline constexpr Field kMarkAsPaidBody = {.name = "mark_as_paid", .type = Type::object, .fields = kMarkAsPaidFields,
                                          .open = true};

}  // namespace tender::api::collect
