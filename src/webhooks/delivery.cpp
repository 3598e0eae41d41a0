#include "webhooks/delivery.hpp"

#include <boost/json.hpp>

namespace tender::webhooks {

namespace bj = boost::json;

namespace {

std::string str(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
std::int64_t num(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->get_int64() : 0;
}
bool flag(const bj::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_bool() && v->get_bool();
}

}  // namespace

std::string_view to_string(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::pending: return "pending";
    case DeliveryStatus::delivered: return "delivered";
    case DeliveryStatus::failed: return "failed";
  }
  return "pending";
}

std::optional<DeliveryStatus> delivery_status_from_string(std::string_view t) {
  if (t == "pending") return DeliveryStatus::pending;
  if (t == "delivered") return DeliveryStatus::delivered;
  if (t == "failed") return DeliveryStatus::failed;
  return std::nullopt;
}

store::Record delivery_record(const Delivery& d) {
  bj::array attempts;
  for (const auto& a : d.attempts) {
    attempts.push_back(bj::object{{"attempted_at", a.attempted_at},
                                  {"url", a.url},
                                  {"status_code", a.status_code ? bj::value(*a.status_code) : bj::value(nullptr)},
                                  {"duration_ms", a.duration_ms},
                                  {"error", a.error},
                                  {"manual", a.manual}});
  }
  bj::object body{{"is_test", d.is_test},
                  {"event_id", d.event_id},
                  {"event_seq", d.event_seq},
                  {"event_type", d.event_type},
                  {"object_id", d.object_id},
                  {"event_created_on", d.event_created_on},
                  {"destination", d.destination},
                  {"webhook_id", d.webhook_id},
                  {"url", d.url},
                  {"payload", d.payload},
                  {"attempts", std::move(attempts)},
                  {"max_attempts", d.max_attempts},
                  {"next_attempt_at", d.next_attempt_at},
                  {"give_up_at", d.give_up_at},
                  {"delivered_on", d.delivered_on},
                  {"failure_reason", d.failure_reason},
                  {"resend_requested", d.resend_requested},
                  {"updated_on", d.updated_on}};
  return store::Record{kDeliveryKind, d.id,          d.company_id, d.lookup(), std::string(to_string(d.status)),
                       d.created_on,  d.version,     bj::serialize(body)};
}

Delivery delivery_from_record(const store::Record& r) {
  auto o = bj::parse(r.body).as_object();
  Delivery d;
  d.id = r.id;
  d.company_id = r.company_id;
  d.created_on = r.created_on;
  d.version = r.version;
  d.status = delivery_status_from_string(r.status).value_or(DeliveryStatus::failed);
  d.is_test = flag(o, "is_test");
  d.event_id = str(o, "event_id");
  d.event_seq = num(o, "event_seq");
  d.event_type = str(o, "event_type");
  d.object_id = str(o, "object_id");
  d.event_created_on = num(o, "event_created_on");
  d.destination = str(o, "destination");
  d.webhook_id = str(o, "webhook_id");
  d.url = str(o, "url");
  d.payload = str(o, "payload");
  d.max_attempts = static_cast<int>(num(o, "max_attempts"));
  d.next_attempt_at = num(o, "next_attempt_at");
  d.give_up_at = num(o, "give_up_at");
  d.delivered_on = num(o, "delivered_on");
  d.failure_reason = str(o, "failure_reason");
  d.resend_requested = flag(o, "resend_requested");
  d.updated_on = num(o, "updated_on");
  if (auto* v = o.if_contains("attempts"); v && v->is_array()) {
    for (const auto& item : v->get_array()) {
      if (!item.is_object()) continue;
      const auto& a = item.get_object();
      DeliveryAttempt at;
      at.attempted_at = num(a, "attempted_at");
      at.url = str(a, "url");
      if (auto* sc = a.if_contains("status_code"); sc && sc->is_int64()) at.status_code = static_cast<int>(sc->get_int64());
      at.duration_ms = num(a, "duration_ms");
      at.error = str(a, "error");
      at.manual = flag(a, "manual");
      d.attempts.push_back(std::move(at));
    }
  }
  return d;
}

}  // namespace tender::webhooks
