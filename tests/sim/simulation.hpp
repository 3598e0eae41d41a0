#pragma once
// The driver of one seeded run: builds a Tender process on a fresh SQLite database in a temporary
// directory, the simulated acquirer and the clients (companies with a test and a live key), then
// for each step draws a command and its faults (command_generator.hpp), runs it to completion,
// restarts the process when a fault crashed it, and checks the invariants (invariant_checker.hpp).
// At the end every held answer arrives, every pending operation is settled, the process restarts
// (recovery), the outbox is drained and everything is checked once more, the acquirer's truth too.
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client_model.hpp"
#include "command_generator.hpp"
#include "http/message.hpp"
#include "invariant_checker.hpp"
#include "outbox_consumer.hpp"
#include "sim_acquirer.hpp"
#include "sim_random.hpp"
#include "tender_process.hpp"

namespace tender::sim {

struct SimOptions {
  std::uint64_t seed = 0;
  std::size_t steps = 60;
  bool trace = false;  // print every step
};

struct SimStats {
  std::size_t steps = 0;
  std::size_t restarts = 0;
  std::size_t store_faults = 0;  // fired
  std::size_t acknowledged = 0, refused = 0, unanswered = 0, retried = 0;
};

struct SimResult {
  bool ok = true;
  std::size_t failed_step = 0;  // 1-based; steps + 1: the final check
  std::string failed_command;
  std::vector<std::string> violations;
  SimStats stats;
};

// A client command whose answer never came: the client retries it with the same key.
struct Unanswered {
  Command command;
  std::string company_id;
  http::Request request;
  std::int64_t asked_at = 0;  // clock seconds: keys live 24 hours, so later the client gives up
};

class Simulation {
 public:
  explicit Simulation(SimOptions options);
  ~Simulation();
  SimResult run();

 private:
  void start_process();
  void restart(bool crashed);
  void let_answers_go(SimAcquirer::Gate how);
  std::set<std::string> open_intents();  // ids of the purchases' open intents
  void step(const Command& c);
  void background(const Command& c);
  bool quiescent_compare_due() const;
  std::vector<std::string> check_all(bool with_acquirer);

  // Client commands (client_commands.cpp).
  void client_command(const Command& c);
  // Runs `request` under its idempotency key; `perform` is the engine command.
  void idempotent(const Command& c, const std::string& company_id, http::Request request, bool is_retry);
  http::Response perform(const Command& c, const http::Request& request);
  void acknowledge(const Command& c, const http::Request& request, const boost::json::object& answer);
  void unanswered(const Command& c, const std::string& company_id, const http::Request& request, bool is_retry);
  http::Request request_for(const Command& c, std::string target, boost::json::object body);
  void cross_mode(const Command& c);
  void charge(const Command& c);

  SimOptions options_;
  Rng rng_;
  ManualClock clock_;
  SimAcquirer acquirer_;
  std::string dir_, db_path_, master_key_;
  std::unique_ptr<TenderProcess> process_;
  ClientModel model_;
  OutboxConsumer outbox_;
  InvariantChecker checker_;
  CommandGenerator generator_;
  std::vector<Unanswered> retries_;
  std::int64_t retry_asked_at_ = 0;  // of the retry being run
  std::vector<std::string> violations_;  // found while running a step (mode separation)
  SimStats stats_;
  std::uint64_t keys_ = 0;
};

}  // namespace tender::sim
