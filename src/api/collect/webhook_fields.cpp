#include "api/collect/webhook_fields.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "api/collect/purchase_request.hpp"
#include "api/test_clock.hpp"
#include "webhooks/event_types.hpp"
#include "webhooks/webhook.hpp"

namespace tender::api::collect {

using schema::Field;
using schema::Type;

namespace {

std::span<const std::string_view> event_names() {
  static const auto names = [] {
    std::vector<std::string_view> out;
    for (const auto& e : webhooks::event_types()) out.emplace_back(e);
    return out;
  }();
  return names;
}

std::array<Field, 4> fields_of(bool full) {
  static const Field event = {.name = "event", .choices = event_names()};
  return {{
      {.name = "title", .required = full, .max_length = webhooks::kMaxTitleLength, .min_length = 1},
      {.name = "callback", .required = full, .max_length = webhooks::kMaxCallbackLength, .min_length = 1,
       .format = "uri", .check = valid_url, .invalid_message = "Enter a valid URL.",
       .description = "http(s). A live webhook may not point into this server's own network (docs/webhooks.md)."},
      {.name = "all_events", .type = Type::boolean, .description = "Every event, present and future; else the events listed."},
      {.name = "events", .type = Type::array, .items = &event, .max_items = 1000},
  }};
}

}  // namespace

schema::Fields webhook_fields(bool full) {
  static const auto created = fields_of(true);
  static const auto changed = fields_of(false);
  return full ? schema::Fields(created) : schema::Fields(changed);
}

const Field& webhook_body(bool full) {
  static const Field created = {.name = "webhook", .type = Type::object, .fields = webhook_fields(true), .open = true};
  static const Field changed = {.name = "webhook", .type = Type::object, .fields = webhook_fields(false), .open = true};
  return full ? created : changed;
}

schema::Fields clock_advance_fields() {
  static constexpr Field fields[] = {
      {.name = "seconds", .type = Type::integer, .required = true, .minimum = 1, .maximum = api::kMaxClockAdvanceSeconds,
       .description = "How far to move the test clock forward; the timers that fall due run before the answer."},
  };
  return fields;
}

const Field& clock_advance_body() {
  static const Field body = {.name = "advance", .type = Type::object, .fields = clock_advance_fields(), .open = true};
  return body;
}

}  // namespace tender::api::collect
