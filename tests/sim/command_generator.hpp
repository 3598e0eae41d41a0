#pragma once
// Draws the next step of the simulation from the seed's generator: a client's command (create,
// pay with a test card, answer a 3-D Secure challenge, capture, release, refund, recurring charge,
// cancel, delete a token, an access across modes, retry an unanswered command with its
// idempotency key), the passing of time and background work, a restart, and the faults injected
// into it (one store write, one acquirer call).
#include <cstddef>
#include <cstdint>
#include <string>

#include "client_model.hpp"
#include "fault_store.hpp"
#include "sim_acquirer.hpp"
#include "sim_random.hpp"

namespace tender::sim {

enum class CommandKind {
  create, pay, pay_now, answer_challenge, capture, release, refund, charge, cancel, delete_token, cross_mode,
  retry, advance_clock, consume_outbox, housekeeping, deliver_answers, settle_pending, restart,
};
const char* to_string(CommandKind kind);

struct Command {
  CommandKind kind = CommandKind::create;
  std::size_t client = 0;
  bool is_test = true;
  std::size_t purchase = 0;     // index into ClientModel::purchases
  std::size_t token_of = 0;     // charge: the purchase whose saved card pays
  std::int64_t amount_minor = 0;  // create: the total
  unsigned part_permille = 1000;  // capture/refund: the share of what is possible; 1000 = all
  bool whole = false;             // capture/refund without an amount (the engine's default)
  bool skip_capture = false;
  bool remember_card = false;
  std::string pan, cvc;
  bool authenticated = true;      // answer_challenge
  std::int64_t seconds = 0;       // advance_clock
  StoreFault store_fault = StoreFault::none;
  std::size_t store_fault_nth = 0;  // which write of the step
  NetFault net_fault = NetFault::none;

  std::string describe() const;
};

class CommandGenerator {
 public:
  explicit CommandGenerator(Rng& rng) : rng_(rng) {}
  Command next(const ClientModel& model, bool has_retry);

 private:
  void draw_card(Command& c);
  void draw_faults(Command& c);
  Rng& rng_;
};

}  // namespace tender::sim
