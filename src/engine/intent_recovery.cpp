#include "engine/intent_recovery.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "engine/intent_result.hpp"
#include "engine/purchase_writer.hpp"

namespace tender::engine {

namespace bj = boost::json;

namespace {

constexpr std::size_t kPageSize = 1000;

// The connector's knowledge of the intent, as an outcome to record; nullopt while still pending.
std::optional<connectors::Outcome> ask_connector(const EngineServices& services, const Purchase& p) {
  auto* connector = services.connector_named(p.intent.connector);
  if (!connector) {
    // Nobody can say whether the acquirer approved it (money may have moved): keep it open until
    // the connector is configured again, rather than failing a payment that may have succeeded.
    spdlog::warn("intent {} of purchase {} is at connector '{}', which is not configured; left open", p.intent.id,
                 p.id, p.intent.connector);
    return std::nullopt;
  }
  connectors::StatusAnswer answer;
  try {
    answer = connector->status(p.intent.id);
  } catch (const std::exception& e) {
    spdlog::warn("status inquiry for purchase {} failed: {}", p.id, e.what());
    return std::nullopt;  // ask again at the next recovery
  }
  using Known = connectors::StatusAnswer::Known;
  if (answer.known == Known::pending) return std::nullopt;
  if (answer.known == Known::unknown) return connectors::Outcome::declined(connectors::DeclineReason::status_unknown);
  return answer.outcome;
}

}  // namespace

std::size_t recover_intents(const EngineServices& services, std::int64_t min_age_seconds) {
  const auto abandoned = [&](const Purchase& p) {
    return p.intent.open() && (min_age_seconds <= 0 || p.intent.since <= services.clock.now_seconds() - min_age_seconds);
  };
  std::size_t recovered = 0;
  // The open-intent markers (kIntentKind), newest first: as many reads as there are open intents,
  // whatever the number of purchases.
  store::ListQuery q;
  q.kind = kIntentKind;
  q.all_companies = true;
  q.limit = kPageSize;
  while (true) {
    auto page = services.store.read()->list(q);
    for (const auto& marker : page) {
      auto p = find_purchase(*services.store.read(), marker.id);
      if (!p || !abandoned(*p)) continue;
      auto outcome = ask_connector(services, *p);
      if (!outcome) continue;
      services.store.write([&](store::WriteTxn& tx) {
        PurchaseWriter w(tx, system_caller(*p), p->id);
        if (w.purchase().intent.id != p->intent.id || !abandoned(w.purchase())) return;
        record_result(services, w, *outcome, services.clock.now_seconds());
        w.save();
        ++recovered;
      });
    }
    if (page.size() < q.limit) break;
    q.after_created_on = page.back().created_on;
    q.after_id = page.back().id;
  }
  if (recovered) spdlog::warn("recovered {} acquirer operation(s) interrupted by a crash or restart", recovered);
  return recovered;
}

}  // namespace tender::engine
