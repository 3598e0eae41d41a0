#include "engine/intent.hpp"

#include <array>
#include <utility>

#include "json/access.hpp"
#include "util/invariant.hpp"

namespace tender::engine {

namespace bj = boost::json;
using json::flag;
using json::integer;
using json::object;
using json::text;

namespace {

constexpr std::array<std::pair<PendingOperation, std::string_view>, 6> kNames = {{
    {PendingOperation::none, ""},
    {PendingOperation::execute, "execute"},
    {PendingOperation::capture, "capture"},
    {PendingOperation::release, "release"},
    {PendingOperation::refund, "refund"},
    {PendingOperation::charge, "recurring_execute"},
}};

}  // namespace

std::string_view to_string(PendingOperation op) {
  for (const auto& [value, name] : kNames)
    if (value == op) return name;
  return "";
}

std::optional<PendingOperation> pending_operation_from_string(std::string_view name) {
  for (const auto& [value, n] : kNames)
    if (n == name) return value;
  return std::nullopt;
}

// The first three keys are those of the earliest stored form, so intents written before this
// form are still recovered (their other fields read as empty).
bj::object to_storage(const Intent& i) {
  return bj::object{{"pending_operation", to_string(i.operation)},
                    {"pending_operation_id", i.id},
                    {"pending_since", i.since},
                    {"intent", bj::object{{"connector", i.connector},
                                          {"amount_minor", i.amount_minor},
                                          {"detail", i.detail},
                                          {"flow", i.flow},
                                          {"client_ip", i.client_ip},
                                          {"three_ds", i.three_ds},
                                          {"card", i.card}}}};
}

Intent intent_from_storage(const bj::object& o) {
  Intent i;
  auto op = pending_operation_from_string(text(o, "pending_operation"));
  TENDER_ASSERT(op.has_value(), "stored_intent_known", "unknown pending_operation '{}'", text(o, "pending_operation"));
  i.operation = *op;
  i.id = text(o, "pending_operation_id");
  i.since = integer(o, "pending_since");
  if (auto* d = o.if_contains("intent"); d && d->is_object()) {
    const auto& x = d->get_object();
    i.connector = text(x, "connector");
    i.amount_minor = integer(x, "amount_minor");
    i.detail = text(x, "detail");
    i.flow = text(x, "flow");
    i.client_ip = text(x, "client_ip");
    i.three_ds = flag(x, "three_ds");
    i.card = object(x, "card");
  }
  return i;
}

}  // namespace tender::engine
