// Recurring tokens, from the merchant's side: a client's saved cards, and deleting one (the sealed
// card is deleted, not just flagged).
#include "engine/client_commands.hpp"
#include "engine/errors.hpp"
#include "engine/ids.hpp"
#include "engine/lifecycle_commands.hpp"
#include "engine/operation_guard.hpp"

namespace tender::engine {

Purchase LifecycleCommands::delete_recurring_token(const Caller& caller, const std::string& id) {
  Purchase result;
  services_.store.write([&](store::WriteTxn& tx) {
    PurchaseWriter w(tx, caller, id);
    auto& p = w.purchase();
    if (!p.is_recurring_token)
      throw EngineError(ErrorKind::invalid_state, "purchase_recurring_token_error", "This purchase holds no recurring token.");
    refuse_if_no_attempt_left(p, "purchase_recurring_token_error");
    auto now = services_.clock.now_seconds();
    p.is_recurring_token = false;
    p.updated_on = now;
    remove_saved_card(tx, p);
    Attempt a;
    a.type = "delete_recurring_token";
    a.successful = true;
    a.processing_time = now;
    a.flow = "api";
    p.transaction_data.attempts.push_back(a);
    w.save();
    append_purchase_event(tx, p, "purchase.recurring_token_deleted", now);
    result = p;
  });
  return result;
}

std::vector<ClientRecurringToken> LifecycleCommands::client_recurring_tokens(const Caller& caller,
                                                                            const std::string& client_id) {
  auto view = services_.store.read();
  auto client = is_uuid(client_id) ? view->get(kClientKind, client_id) : std::nullopt;
  if (!client || client->company_id != caller.company_id) throw not_found();
  return client_tokens(*view, caller, client_id);
}

ClientRecurringToken LifecycleCommands::client_recurring_token(const Caller& caller, const std::string& client_id,
                                                               const std::string& token) {
  auto view = services_.store.read();
  auto t = client_token(*view, caller, client_id, token);
  if (!t) throw not_found();
  return *t;
}

Purchase LifecycleCommands::delete_client_recurring_token(const Caller& caller, const std::string& client_id,
                                                          const std::string& token) {
  client_recurring_token(caller, client_id, token);  // listed under this client of this company
  return delete_recurring_token(caller, token);
}

}  // namespace tender::engine
