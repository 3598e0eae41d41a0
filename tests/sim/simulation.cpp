#include "simulation.hpp"

#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "app/idempotency.hpp"
#include "crypto/random.hpp"
#include "engine/purchase_writer.hpp"
#include "engine/tenant_slots.hpp"
#include "store/store_error.hpp"
#include "webhooks/outbox_retention.hpp"

namespace tender::sim {

namespace {
constexpr std::int64_t kStart = 1'800'000'000;  // the manual clock's first second (January 2027)
constexpr std::size_t kClients = 3;
constexpr std::size_t kHousekeepingBatch = 1000;
}  // namespace

namespace {

std::filesystem::path temp_base() {
  // Memory-backed when the system has it: crashes are simulated above the store (fault_store.hpp),
  // so the real fsyncs would only slow the thousands of seeds down, not test more.
  std::error_code ec;
  return std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm")
                                                       : std::filesystem::temp_directory_path();
}

std::string make_temp_dir(const char* prefix) {
  std::string pattern = (temp_base() / (std::string(prefix) + "_XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// The database every seed starts from: the clients' companies and brands, made once per run of
// the program (each company's RSA keys take most of a seed's time otherwise) and copied per seed.
struct SeedTemplate {
  std::string dir;
  std::string master_key = crypto::random_bytes(32);
  std::vector<SimClient> clients;

  SeedTemplate() : dir(make_temp_dir("tender_sim_template")) {
    store::SqliteOptions o;
    o.path = (std::filesystem::path(dir) / "tender.db").string();
    auto store = store::open_sqlite(o);
    engine::Accounts accounts(*store, master_key);
    for (std::size_t i = 0; i < kClients; ++i) {
      auto company = accounts.create_company("Simulated company " + std::to_string(i), kStart);
      auto brand = accounts.create_brand(company.id, "Simulated brand " + std::to_string(i), kStart);
      clients.push_back(SimClient{company.id, brand.id, engine::Caller{company.id, true, "198.51.100.7"},
                                  engine::Caller{company.id, false, "198.51.100.7"}});
    }
  }
  ~SeedTemplate() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

const SeedTemplate& seed_template() {
  static const SeedTemplate t;
  return t;
}

}  // namespace

Simulation::Simulation(SimOptions options)
    : options_(options), rng_(options.seed), clock_(kStart), acquirer_(clock_), generator_(rng_) {
  const auto& from = seed_template();
  dir_ = make_temp_dir("tender_sim");
  for (const auto& file : std::filesystem::directory_iterator(from.dir))
    std::filesystem::copy_file(file.path(), std::filesystem::path(dir_) / file.path().filename());
  master_key_ = from.master_key;
  model_.clients = from.clients;
  db_path_ = (std::filesystem::path(dir_) / "tender.db").string();
}

Simulation::~Simulation() {
  if (process_) {
    acquirer_.set_gate(SimAcquirer::Gate::lose);
    process_.reset();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void Simulation::start_process() {
  process_ = std::make_unique<TenderProcess>(db_path_, master_key_, clock_, acquirer_);
}

void Simulation::let_answers_go(SimAcquirer::Gate how) {
  // Every call of this process ends, those still on their way to the acquirer too.
  acquirer_.set_gate(how);
  process_->calls.wait_idle();
  acquirer_.set_gate(SimAcquirer::Gate::closed);
}

void Simulation::restart(bool crashed) {
  // A crash loses the answers still on their way; a clean stop waits for them.
  acquirer_.set_gate(crashed ? SimAcquirer::Gate::lose : SimAcquirer::Gate::deliver);
  process_->calls.wait_idle();
  process_.reset();
  acquirer_.set_gate(SimAcquirer::Gate::closed);
  outbox_.restart();
  start_process();
  ++stats_.restarts;
}

std::set<std::string> Simulation::open_intents() {
  std::set<std::string> ids;
  store::ListQuery q;
  q.kind = engine::kIntentKind;
  q.all_companies = true;
  q.limit = 100'000;
  auto view = process_->store.read();
  for (const auto& marker : view->list(q))
    if (auto p = engine::find_purchase(*view, marker.id); p && p->intent.open()) ids.insert(p->intent.id);
  return ids;
}

void Simulation::background(const Command& c) {
  auto& p = *process_;
  switch (c.kind) {
    case CommandKind::advance_clock:
      clock_.advance(c.seconds);
      for (int i = 0; i < 20 && p.timers.sweep() > 0; ++i) {
      }
      break;
    case CommandKind::consume_outbox:
      for (auto& problem : outbox_.consume(p.store)) violations_.push_back(problem);
      break;
    case CommandKind::housekeeping:
      // What the sweeper's housekeeping runs (app/application.cpp), on the manual clock.
      app::purge_expired_idempotency(p.store, clock_, kHousekeepingBatch);
      webhooks::purge_fanned_out_events(p.store, clock_, kHousekeepingBatch);
      break;
    case CommandKind::deliver_answers:
      let_answers_go(SimAcquirer::Gate::deliver);
      break;
    case CommandKind::settle_pending:
      acquirer_.settle_pending();
      break;
    case CommandKind::restart:
      restart(false);
      break;
    default:
      break;
  }
}

void Simulation::step(const Command& c) {
  auto& p = *process_;
  outbox_.stale();
  // Held answers occupy the acquirer pool's threads: with all of a company's share held
  // (engine::per_tenant_limit), its next call could not start (the pool's limit, not a fault this
  // simulation looks for), so they arrive first.
  if (acquirer_.held() + 1 >= engine::per_tenant_limit(p.services.options.acquirer_threads))
    let_answers_go(SimAcquirer::Gate::deliver);
  const auto intents_before = open_intents();
  p.store.arm(c.store_fault, c.store_fault_nth);
  try {
    switch (c.kind) {
      case CommandKind::advance_clock:
      case CommandKind::consume_outbox:
      case CommandKind::housekeeping:
      case CommandKind::deliver_answers:
      case CommandKind::settle_pending:
      case CommandKind::restart:
        background(c);
        break;
      default:
        client_command(c);
    }
  } catch (const SimulatedCrash&) {
  } catch (const store::StoreError&) {
    // A failed commit in background work: the work is retried at its next turn.
  }
  if (process_->store.fired()) ++stats_.store_faults;
  if (process_->store.crashed()) {
    restart(true);
  } else {
    // A call answered late may not have reached the acquirer yet when the command returned: wait
    // until it has (and taken its fault), so that what happens next does not depend on timing.
    process_->store.disarm();
    for (const auto& id : open_intents())
      if (!intents_before.count(id) && !acquirer_.received(id) && !acquirer_.await_operation(id, 10'000))
        violations_.push_back("the acquirer call of intent " + id + " never came");
  }
  acquirer_.arm(NetFault::none);
  process_->services.options.acquirer_wait_ms = kPatientWaitMs;
  process_->store.disarm();
}

std::vector<std::string> Simulation::check_all(bool with_acquirer) {
  auto out = checker_.check(process_->store, model_, outbox_);
  if (with_acquirer)
    for (auto& v : checker_.compare_with_acquirer(process_->store, acquirer_)) out.push_back(std::move(v));
  for (auto& v : violations_) out.push_back(std::move(v));
  violations_.clear();
  return out;
}

SimResult Simulation::run() {
  SimResult result;
  start_process();
  auto fail = [&](std::size_t step, const std::string& command, std::vector<std::string> violations) {
    result.ok = false;
    result.failed_step = step;
    result.failed_command = command;
    result.violations = std::move(violations);
  };
  for (std::size_t i = 1; i <= options_.steps; ++i) {
    const Command c = generator_.next(model_, !retries_.empty());
    if (options_.trace) std::cout << "  step " << i << ": " << c.describe() << "\n";
    const std::size_t restarts = stats_.restarts;
    step(c);
    ++stats_.steps;
    // Right after a restart recovery has run: the acquirer's truth can be compared.
    auto violations = check_all(stats_.restarts != restarts && acquirer_.held() == 0);
    if (!violations.empty()) {
      fail(i, c.describe(), std::move(violations));
      result.stats = stats_;
      return result;
    }
  }
  // The end: every answer arrives, the acquirer decides what it left pending, a restart runs the
  // recovery, and the outbox's consumer catches up.
  let_answers_go(SimAcquirer::Gate::deliver);
  acquirer_.settle_pending();
  restart(false);
  for (auto& problem : outbox_.consume(process_->store)) violations_.push_back(problem);
  auto violations = check_all(true);
  if (!violations.empty()) fail(options_.steps + 1, "final check (recovery, outbox drained)", std::move(violations));
  result.stats = stats_;
  return result;
}

}  // namespace tender::sim
