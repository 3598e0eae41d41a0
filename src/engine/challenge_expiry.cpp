// A 3-D Secure challenge nobody answered. A purchase created with its payment (S2S, Orders) has
// no page on which the payer could try again, so when its challenge expires the payment fails
// (3ds_authentication_failed) with its payment_failure event, and the merchant hears of it like
// any other decline. Checkout purchases stay payable: their payer can start over.
#include "connectors/decline_reason.hpp"
#include "engine/payment_commands.hpp"
#include "engine/state_machine.hpp"

namespace tender::engine {

namespace {

// Answered, or being answered: an attempt was made, or the authorization is at the acquirer.
bool past_the_challenge(const Purchase& p) {
  return !p.transaction_data.attempts.empty() || p.intent.open() || !is_payable(p.status);
}

}  // namespace

std::optional<ChallengeSummary> PaymentCommands::awaited_challenge(const Purchase& p) {
  if (past_the_challenge(p)) return std::nullopt;
  return challenges_.newest(p.company_id, p.id);
}

bool PaymentCommands::expire_challenge(const Timer& t, std::int64_t now) {
  auto disarm = [&] { services_.store.write([&](store::WriteTxn& tx) { disarm_timer(tx, t.object_id, t.type); }); };
  auto p = find(t.object_id);
  if (!p || past_the_challenge(*p)) {
    disarm();
    return false;
  }
  auto newest = challenges_.newest(p->company_id, p->id);
  const auto grace = challenges_.limits().expiry_grace_seconds;
  if (newest && newest->expires_at + grace > now) {  // a later challenge of the same purchase
    services_.store.write([&](store::WriteTxn& tx) { arm_timer(tx, *p, t.type, newest->expires_at + grace); });
    return false;
  }
  challenges_.drop_all(p->company_id, p->id);
  const auto minutes = challenges_.limits().time_to_live_seconds / 60;
  // Refused (EngineError) when the purchase changed meanwhile: the timer stays armed and the next
  // sweep finds it answered.
  record_failure(p->id, newest ? newest->flow : p->transaction_data.flow, newest ? newest->client_ip : "",
                 std::string(connectors::to_string(connectors::DeclineReason::authentication_failed)),
                 "3-D Secure authentication was not completed within " + std::to_string(minutes) + " minutes.");
  disarm();
  return true;
}

}  // namespace tender::engine
