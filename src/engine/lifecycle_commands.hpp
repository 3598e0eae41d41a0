#pragma once
// What happens to a purchase after it is paid or held: capture, release, refund, recurring
// charges, token deletion and manual marking as paid. Each money movement is written with its
// ledger postings and outbox events in one store transaction; the acquirer is called between
// an intent write and a result write, never inside a transaction.
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "engine/accounts.hpp"
#include "engine/caller.hpp"
#include "engine/clock.hpp"
#include "engine/purchase.hpp"
#include "engine/recurring_tokens.hpp"
#include "store/store.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

inline constexpr const char* kRefundKind = "refund";

// A refund is its own payment object, referenced from the purchase's status_history.
struct Refund {
  std::string id;
  std::string purchase_id;
  std::string company_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string status;  // success, pending, failed
  std::int64_t created_on = 0;
};

struct LifecycleOptions {
  std::uint32_t acquirer_wait_ms = 2000;
  std::int64_t hold_expiry_seconds = 7 * 24 * 3600;  // uncaptured holds are released after this
};

class LifecycleCommands {
 public:
  LifecycleCommands(store::Store& store, Accounts& accounts, Clock& clock, connectors::Connector& acquirer,
                    const vault::CardVault& vault, LifecycleOptions options);
  ~LifecycleCommands();

  // amount: partial capture; the remainder is released. Default: the whole hold.
  Purchase capture(const Caller& caller, const std::string& id, std::optional<std::int64_t> amount_minor);
  Purchase release(const Caller& caller, const std::string& id);
  // amount: partial refund; default: everything still refundable.
  // `refund_id`, when given, receives the id of the refund this call creates.
  Purchase refund(const Caller& caller, const std::string& id, std::optional<std::int64_t> amount_minor,
                  std::string* refund_id = nullptr);
  // Pays purchase `id` with the card saved on `recurring_token` (the id of an earlier purchase).
  Purchase charge(const Caller& caller, const std::string& id, const std::string& recurring_token);
  Purchase delete_recurring_token(const Caller& caller, const std::string& id);
  // A client's saved cards. Each throws not_found unless the client (and the token, listed under
  // that client) belongs to the caller's company.
  std::vector<ClientRecurringToken> client_recurring_tokens(const Caller& caller, const std::string& client_id);
  ClientRecurringToken client_recurring_token(const Caller& caller, const std::string& client_id,
                                              const std::string& token);
  Purchase delete_client_recurring_token(const Caller& caller, const std::string& client_id, const std::string& token);
  Purchase mark_as_paid(const Caller& caller, const std::string& id, std::optional<std::int64_t> paid_on);
  std::vector<Refund> refunds_of(const Caller& caller, const std::string& purchase_id);

  // Capture/release/refund/charge intents left by a crash have no known outcome; each is failed
  // with timeout_acquirer_status_check, so the merchant can retry. min_age_seconds > 0: only
  // intents pending for at least that long (several nodes share the store and a younger one
  // may still be awaited by a live node); 0: all of them (start-up of the store's only process).
  std::size_t recover_interrupted(std::int64_t min_age_seconds = 0);

  // Background work, driven by the clock: dues (overdue/expired), hold expiry. Returns changes made.
  std::size_t sweep();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tender::engine
