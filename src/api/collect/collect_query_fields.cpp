#include "api/collect/collect_query_fields.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "engine/status.hpp"
#include "webhooks/event_types.hpp"

namespace tender::api::collect {

using schema::Field;
using schema::Type;

namespace {

constexpr std::string_view kUnixTime = "Unix time (seconds).";

constexpr Field kLimit = {.name = "limit", .type = Type::integer, .minimum = 1, .maximum = kMaxPageLimit,
                          .description = "Items per page; default 25."};
constexpr Field kCursor = {.name = "cursor", .max_length = 64,
                           .description = "Where the page starts: taken from the previous page's next link."};
constexpr Field kBrandFilter = {.name = "brand_id", .format = "uuid",
                                .description = "A brand of the caller's company (the ledger is the company's)."};
constexpr Field kCurrencyItem = {.name = "currency", .max_length = 3};
constexpr Field kFrom = {.name = "from", .type = Type::integer, .description = kUnixTime};
constexpr Field kTo = {.name = "to", .type = Type::integer, .description = kUnixTime};
constexpr std::string_view kTrueFalse[] = {"true", "false", "1", "0"};
constexpr std::string_view kEvents[] = {"send", "clear", "settle", "chargeback"};
constexpr std::string_view kDestinations[] = {"webhook", "success_callback"};
constexpr std::string_view kDeliveryStatuses[] = {"pending", "delivered", "failed"};
constexpr Field kDeliveryStatus = {.name = "status", .choices = kDeliveryStatuses};

std::span<const std::string_view> status_names() {
  static const auto names = [] {
    std::vector<std::string_view> out;
    for (auto s : engine::kAllStatuses) out.push_back(engine::to_string(s));
    return out;
  }();
  return names;
}

}  // namespace

schema::Fields page_query() {
  static constexpr Field fields[] = {kLimit, kCursor};
  return fields;
}

schema::Fields purchase_list_query() {
  static const Field status_item = {.name = "status", .choices = status_names()};
  static const Field fields[] = {
      kLimit, kCursor,
      {.name = "status", .type = Type::array, .items = &status_item, .max_items = 21,
       .description = "Only these statuses: repeat the parameter or separate them with commas."},
      {.name = "created_from", .type = Type::integer, .description = "Created at or after (Unix time)."},
      {.name = "created_to", .type = Type::integer, .description = "Created at or before (Unix time)."},
  };
  return fields;
}

schema::Fields client_list_query() {
  static constexpr Field fields[] = {
      kLimit, kCursor,
      {.name = "q", .description = "An e-mail address: only the clients with exactly it (compared without case)."},
  };
  return fields;
}

schema::Fields delivery_list_query(bool of_webhook) {
  static constexpr Field common[] = {
      kLimit, kCursor,
      {.name = "object_id", .description = "Only the deliveries of this object's events (purchase_id is the same)."},
      {.name = "purchase_id", .description = "As object_id."},
      {.name = "destination", .choices = kDestinations},
      {.name = "status", .type = Type::array, .items = &kDeliveryStatus, .max_items = 3,
       .description = "Only these statuses; repeat the parameter for several."},
  };
  static constexpr Field all[] = {
      common[0], common[1], {.name = "webhook_id", .description = "Only this webhook's deliveries."},
      common[2], common[3], common[4], common[5],
  };
  if (of_webhook) return common;
  return all;
}

schema::Fields payment_methods_query() {
  static constexpr Field fields[] = {
      {.name = "brand_id", .required = true, .format = "uuid", .description = "A brand of the caller's company."},
      {.name = "currency", .required = true, .max_length = 3, .description = "ISO 4217, in any case."},
      {.name = "skip_capture", .choices = kTrueFalse, .description = "Only methods that can hold (skip_capture)."},
      {.name = "preauthorization", .choices = kTrueFalse, .description = "Only methods that can preauthorize."},
      {.name = "recurring", .choices = kTrueFalse, .description = "Only methods that can save a recurring token."},
  };
  return fields;
}

schema::Fields period_query() {
  static constexpr Field fields[] = {kFrom, kTo};
  return fields;
}

schema::Fields account_balance_query() {
  static constexpr Field fields[] = {
      {.name = "currency", .type = Type::array, .items = &kCurrencyItem, .max_items = 200,
       .description = "Only these currencies (ISO 4217, any case; repeatable); each asked for is shown, 0 if none."},
      kBrandFilter,
  };
  return fields;
}

schema::Fields turnover_query() {
  static constexpr Field fields[] = {
      {.name = "currency", .required = true, .max_length = 3, .description = "ISO 4217: one currency."},
      kFrom, kTo, kBrandFilter,
  };
  return fields;
}

schema::Fields test_event_path() {
  static constexpr Field fields[] = {
      {.name = "event", .choices = kEvents,
       .description = "send: created → sent; clear: paid → cleared; settle: cleared → settled; chargeback."},
  };
  return fields;
}

}  // namespace tender::api::collect
