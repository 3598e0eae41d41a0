#include "command_generator.hpp"

#include <span>

#include "connectors/sandbox/test_cards.hpp"

namespace tender::sim {

const char* to_string(CommandKind kind) {
  static constexpr const char* kNames[] = {
      "create", "pay", "pay_now", "answer_challenge", "capture", "release", "refund", "charge", "cancel",
      "delete_token", "cross_mode", "retry", "advance_clock", "consume_outbox", "housekeeping", "deliver_answers",
      "settle_pending", "restart"};
  return kNames[static_cast<int>(kind)];
}

std::string Command::describe() const {
  std::string s = to_string(kind);
  s += " client=" + std::to_string(client) + (is_test ? " test" : " live") + " purchase#" + std::to_string(purchase);
  if (kind == CommandKind::create || kind == CommandKind::pay_now) s += " amount=" + std::to_string(amount_minor);
  if (kind == CommandKind::capture || kind == CommandKind::refund)
    s += whole ? " whole" : " part=" + std::to_string(part_permille) + "/1000";
  if (!pan.empty()) s += " card=" + pan.substr(0, 6) + "…" + pan.substr(pan.size() - 4) + " cvc_ok=" + (cvc.empty() ? "?" : "set");
  if (kind == CommandKind::answer_challenge) s += authenticated ? " authenticated" : " failed";
  if (kind == CommandKind::advance_clock) s += " seconds=" + std::to_string(seconds);
  if (store_fault != StoreFault::none) s += std::string(" store_fault=") + sim::to_string(store_fault) + "@" + std::to_string(store_fault_nth);
  if (net_fault != NetFault::none) s += std::string(" net_fault=") + sim::to_string(net_fault);
  return s;
}

void CommandGenerator::draw_card(Command& c) {
  const auto cards = connectors::sandbox::test_cards();
  const unsigned roll = static_cast<unsigned>(rng_.below(100));
  if (roll < 45) {
    c.pan = "4444333322221111";  // the plain approving card: most payments succeed
    c.cvc = "123";
  } else if (roll < 92) {
    const auto& card = cards[rng_.below(cards.size())];
    c.pan = std::string(card.pan);
    c.cvc = std::string(card.cvc);
  } else if (roll < 96) {
    c.pan = "4242424242424242";  // valid, but not a test card: authorization_failed
    c.cvc = "123";
  } else {
    c.pan = "4444333322221111";
    c.cvc = "999";  // wrong CVC
  }
  c.remember_card = rng_.percent(40);
}

void CommandGenerator::draw_faults(Command& c) {
  const unsigned store_roll = static_cast<unsigned>(rng_.below(100));
  if (store_roll < 5) c.store_fault = StoreFault::fail_commit;
  else if (store_roll < 9) c.store_fault = StoreFault::crash_before_commit;
  else if (store_roll < 13) c.store_fault = StoreFault::crash_after_commit;
  c.store_fault_nth = rng_.below(4);
  const unsigned net_roll = static_cast<unsigned>(rng_.below(100));
  if (net_roll < 4) c.net_fault = NetFault::timeout;
  else if (net_roll < 8) c.net_fault = NetFault::lost_answer;
  else if (net_roll < 13) c.net_fault = NetFault::slow;
  else if (net_roll < 17) c.net_fault = NetFault::pending;
  else if (net_roll < 20) c.net_fault = NetFault::decline;
  else if (net_roll < 23) c.net_fault = NetFault::disagree;
}

Command CommandGenerator::next(const ClientModel& model, bool has_retry) {
  Command c;
  c.client = rng_.below(model.clients.size());
  c.is_test = rng_.percent(70);
  // Weights of the commands; those that act on a purchase need one.
  struct Weighted {
    CommandKind kind;
    unsigned weight;
  };
  const bool any = !model.purchases.empty();
  const Weighted table[] = {
      {CommandKind::create, any ? 12u : 100u},  {CommandKind::pay, any ? 14u : 0u},
      {CommandKind::pay_now, 6},                {CommandKind::answer_challenge, any ? 5u : 0u},
      {CommandKind::capture, any ? 7u : 0u},    {CommandKind::release, any ? 3u : 0u},
      {CommandKind::refund, any ? 9u : 0u},     {CommandKind::charge, any ? 4u : 0u},
      {CommandKind::cancel, any ? 2u : 0u},     {CommandKind::delete_token, any ? 1u : 0u},
      {CommandKind::cross_mode, any ? 2u : 0u}, {CommandKind::retry, has_retry ? 8u : 0u},
      {CommandKind::advance_clock, 6},          {CommandKind::consume_outbox, 5},
      {CommandKind::housekeeping, 2},           {CommandKind::deliver_answers, 4},
      {CommandKind::settle_pending, 3},         {CommandKind::restart, 1},
  };
  unsigned total = 0;
  for (const auto& w : table) total += w.weight;
  unsigned roll = static_cast<unsigned>(rng_.below(total));
  for (const auto& w : table) {
    if (roll < w.weight) {
      c.kind = w.kind;
      break;
    }
    roll -= w.weight;
  }
  if (any) {
    c.purchase = rng_.below(model.purchases.size());
    c.token_of = rng_.below(model.purchases.size());
    if (c.kind != CommandKind::create && c.kind != CommandKind::pay_now) {  // the purchase's owner acts on it
      c.client = model.purchases[c.purchase].client;
      c.is_test = model.purchases[c.purchase].is_test;
    }
  }
  c.amount_minor = rng_.percent(10) ? rng_.between(1, 99) : rng_.between(100, 250'000);
  c.skip_capture = rng_.percent(35);
  c.whole = rng_.percent(25);
  c.part_permille = rng_.percent(50) ? 1000u : static_cast<unsigned>(rng_.between(1, 999));
  c.authenticated = rng_.percent(75);
  switch (rng_.below(4)) {  // from a second to past a hold's 7-day expiry
    case 0: c.seconds = rng_.between(1, 120); break;
    case 1: c.seconds = rng_.between(600, 7200); break;
    case 2: c.seconds = rng_.between(3600, 86'400); break;
    default: c.seconds = rng_.between(86'400, 8 * 86'400); break;
  }
  draw_card(c);
  draw_faults(c);
  if (c.kind == CommandKind::restart) c.store_fault = StoreFault::none;
  return c;
}

}  // namespace tender::sim
