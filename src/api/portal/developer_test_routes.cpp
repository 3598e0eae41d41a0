// Test mode's tools: the test clock (process-wide; moved only when the installation enables it
// with TENDER_TEST_CLOCK=1, exactly as POST /api/v1/test_clock/advance/) and the simulations of
// what a card network would do to a test purchase (send, clear, settle, chargeback). Both need the
// session to show test data; live data never has them.
#include <boost/algorithm/string/trim.hpp>

#include "api/portal/developer_pages.hpp"
#include "api/test_clock.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/status.hpp"

namespace tender::api::portal_pages {

namespace {

constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kSecondsPerDay = 24 * kSecondsPerHour;
constexpr const char* kTestPath = "/portal/developers/test";

struct Simulation {
  const char* event;
  const char* label;
};
constexpr Simulation kSimulations[] = {
    {"send", "Send: the invoice was sent"},
    {"clear", "Clear: the card network cleared the payment"},
    {"settle", "Settle: the money was settled to the merchant"},
    {"chargeback", "Chargeback: the payer disputed the payment"},
};

bool known_event(const std::string& event) {
  for (const auto& s : kSimulations)
    if (event == s.event) return true;
  return false;
}

// "2 days 3 hours 5 minutes ahead"; "not moved".
std::string offset_text(std::int64_t seconds) {
  if (seconds <= 0) return "not moved";
  std::string s;
  auto part = [&s](std::int64_t n, const char* unit) {
    if (n > 0) s += (s.empty() ? "" : " ") + std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  part(seconds / kSecondsPerDay, "day");
  part(seconds % kSecondsPerDay / kSecondsPerHour, "hour");
  part(seconds % kSecondsPerHour / 60, "minute");
  part(seconds < 60 ? seconds : 0, "second");
  return s + " ahead";
}

// The page; `values` are the forms' fields to show again after a refusal.
Response test_page(PortalContext& ctx, int status, SignedIn& who, const std::string& notice, const std::string& error,
                   const http::FormFields& values) {
  auto d = developer_page_data("test", "Test clock and simulations");
  d.set("test_mode", !who.session.live);
  d.set("clock_enabled", ctx.test_clock_enabled);
  d.set("now", time_text(ctx.clock.now_seconds()));
  d.set("offset", offset_text(ctx.clock.offset_seconds()));
  d.set("offset_seconds", std::to_string(ctx.clock.offset_seconds()));
  d.set("back", std::string(kTestPath));
  auto value = [&values](const char* name, const char* otherwise) {
    return http::form_value(values, name).value_or(otherwise);
  };
  d.set("amount", value("amount", "1"));
  d.set("unit_days", value("unit", "hours") == "days");
  d.set("purchase_id", value("purchase_id", ""));
  PageData events{PageData::type::list};
  for (const auto& s : kSimulations) {
    PageData e;
    e.set("event", std::string(s.event));
    e.set("label", std::string(s.label));
    e.set("selected", value("event", "send") == s.event);
    events.push_back(e);
  }
  d.set("events", events);
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  return html(status, render("developers_test", d, &who, "developers"));
}

Response advance(PortalContext& ctx, SignedIn& who) {
  if (who.session.live)
    return test_page(ctx, 400, who, "", "The test clock only moves in test mode: switch to test data first.", who.form);
  if (!ctx.test_clock_enabled)
    return test_page(ctx, 403, who, "",
                     "The test clock is disabled on this installation; start tender with TENDER_TEST_CLOCK=1 to enable it.",
                     who.form);
  const auto unit = who.field("unit");
  if (unit != "hours" && unit != "days") return test_page(ctx, 400, who, "", "Unit: choose hours or days.", who.form);
  const std::int64_t unit_seconds = unit == "days" ? kSecondsPerDay : kSecondsPerHour;
  const auto amount = bounded_integer(who.field("amount"), 1, kMaxClockAdvanceSeconds / unit_seconds);
  if (!amount)
    return test_page(ctx, 400, who, "",
                     "Amount: enter a whole number from 1 to " + std::to_string(kMaxClockAdvanceSeconds / unit_seconds) +
                         " " + unit + ".",
                     who.form);
  advance_test_clock(ctx.clock, ctx.dispatcher, *amount * unit_seconds);
  const std::string moved = std::to_string(*amount) + " " + (*amount == 1 ? unit.substr(0, unit.size() - 1) : unit);
  audit(ctx, who, "test_clock.advance", "", "+" + moved + " (now " + offset_text(ctx.clock.offset_seconds()) + ")");
  return redirect(std::string(kTestPath) + "?notice=clock");
}

Response simulate(PortalContext& ctx, SignedIn& who) {
  if (who.session.live)
    return test_page(ctx, 400, who, "", "Simulations only work on test purchases: switch to test data first.", who.form);
  const auto id = boost::algorithm::trim_copy(who.field("purchase_id"));  // pasted with spaces
  const auto event = who.field("event");
  if (!engine::is_uuid(id))
    return test_page(ctx, 400, who, "", "Purchase ID: enter a purchase's ID, such as 0b7a5c2e-3d4f-4a6b-9c8d-1e2f3a4b5c6d.",
                     who.form);
  if (!known_event(event)) return test_page(ctx, 400, who, "", "Event: choose send, clear, settle or chargeback.", who.form);
  engine::Purchase p;
  try {
    p = ctx.simulations.simulate(who.caller(), id, event);
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::not_found)
      return test_page(ctx, 404, who, "", "Purchase ID: there is no test purchase with this ID.", who.form);
    return test_page(ctx, e.kind() == engine::ErrorKind::conflict ? 409 : 400, who, "", std::string("Event: ") + e.what(),
                     who.form);
  }
  const std::string status(engine::to_string(p.status));
  audit(ctx, who, "purchase.simulate", p.id, event + " → " + status);
  return redirect(std::string(kTestPath) + "?notice=simulated&purchase=" + p.id + "&event=" + event);
}

// The notice after a simulation: the purchase's status now (read again, not taken from the link).
std::string simulated_notice(PortalContext& ctx, const Request& req, const SignedIn& who) {
  const auto id = req.query_param("purchase").value_or("");
  const auto event = req.query_param("event").value_or("");
  if (!engine::is_uuid(id) || !known_event(event) || who.session.live) return {};
  try {
    auto p = ctx.purchases.get(who.caller(), id);
    return "Simulated " + event + " on purchase " + id + ": its status is now " + std::string(engine::to_string(p.status)) + ".";
  } catch (const engine::EngineError&) {
    return {};
  }
}

}  // namespace

void add_test_mode_pages(http::Router& router, PortalContext& ctx) {
  router.add("GET", kTestPath, page(ctx, Permission::administer, [&ctx](Request& req, const RouteParams&, SignedIn& who) {
    const auto notice = req.query_param("notice").value_or("");
    return test_page(ctx, 200, who, notice == "simulated" ? simulated_notice(ctx, req, who) : notice_text(notice), "", {});
  }));
  router.add("POST", std::string(kTestPath) + "/clock", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    return advance(ctx, who);
  }));
  router.add("POST", std::string(kTestPath) + "/simulate", action(ctx, Permission::administer, [&ctx](Request&, const RouteParams&, SignedIn& who) {
    return simulate(ctx, who);
  }));
}

}  // namespace tender::api::portal_pages
