#include "tender_process.hpp"

#include "engine/intent_recovery.hpp"

namespace tender::sim {

namespace {

// The registry owns its connectors; the simulated acquirer outlives every process, so each
// process registers this link to it.
class AcquirerLink final : public connectors::Connector {
 public:
  explicit AcquirerLink(SimAcquirer& acquirer) : acquirer_(acquirer) {}
  std::string_view name() const override { return acquirer_.name(); }
  connectors::EnrollmentResult check_enrollment(const connectors::CardData& c) override {
    return acquirer_.check_enrollment(c);
  }
  connectors::Outcome authorize(const connectors::AuthorizeRequest& r) override { return acquirer_.authorize(r); }
  connectors::Outcome capture(const connectors::FollowUpRequest& r) override { return acquirer_.capture(r); }
  connectors::Outcome release(const connectors::FollowUpRequest& r) override { return acquirer_.release(r); }
  connectors::Outcome refund(const connectors::FollowUpRequest& r) override { return acquirer_.refund(r); }
  connectors::StatusAnswer status(const std::string& id) override { return acquirer_.status(id); }
  bool answers_at_once(const connectors::AuthorizeRequest& r) const override { return acquirer_.answers_at_once(r); }

 private:
  SimAcquirer& acquirer_;
};

std::unique_ptr<store::Store> open(const std::string& path) {
  store::SqliteOptions o;
  o.path = path;
  o.reader_connections = 2;
  return store::open_sqlite(o);
}

engine::EngineOptions options() {
  engine::EngineOptions o;
  o.acquirer_wait_ms = kPatientWaitMs;
  o.acquirer_threads = 8;  // a company may use half: 4 calls at once, as before the per-company limit
  return o;
}

}  // namespace

TenderProcess::TenderProcess(const std::string& db_path, const std::string& master_key, engine::Clock& clock,
                             SimAcquirer& acquirer)
    : store(open(db_path)),
      accounts(store, master_key),
      vault(master_key),
      services{store, accounts, clock, registry, vault, options()},
      calls(services),
      purchases(store, accounts, clock),
      payments(services, calls, purchases),
      lifecycle(services, calls),
      billing(services, purchases, lifecycle),
      timers(store, clock) {
  app::register_timers(timers, lifecycle, billing, payments);
  registry.add(std::make_unique<AcquirerLink>(acquirer));
  for (auto mode : {connectors::Mode::test, connectors::Mode::live})
    registry.route({.mode = mode, .company_id = "", .brand_id = "", .connector = SimAcquirer::kName});
  engine::recover_intents(services);  // start-up on SQLite: every open intent is this store's
}

TenderProcess::~TenderProcess() { calls.wait_idle(); }

}  // namespace tender::sim
