#pragma once
// What happens to a purchase after it is paid or held, each operation in its own file: capture.cpp,
// release.cpp, refund.cpp, recurring_charge.cpp, recurring_token_deletion.cpp, mark_as_paid.cpp,
// resend_invoice.cpp.
// Each money movement is written with its ledger postings and outbox events in one store
// transaction; the acquirer is called through AcquirerCalls, never inside a transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/acquirer_call.hpp"
#include "engine/caller.hpp"
#include "engine/engine_services.hpp"
#include "engine/purchase.hpp"
#include "engine/recurring_tokens.hpp"
#include "engine/timers.hpp"

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

class LifecycleCommands {
 public:
  LifecycleCommands(EngineServices& services, AcquirerCalls& calls);

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
  // The invoice of an unpaid purchase is sent again (resend_invoice.cpp).
  Purchase resend_invoice(const Caller& caller, const std::string& id);
  std::vector<Refund> refunds_of(const Caller& caller, const std::string& purchase_id);
  // The same of a purchase the caller already holds: no read of the purchase, and none at all
  // when it has no refunds.
  std::vector<Refund> refunds_of(const Purchase& purchase);
  // One refund of a purchase the caller already holds (as refund() returned it): one read of
  // the refund's record, none of the purchase. nullopt while the refund is not recorded.
  std::optional<Refund> refund_of(const Purchase& purchase, const std::string& refund_id);

  // The clock's work (dues.cpp), for TimerSweep: a "due" timer makes the purchase overdue or
  // expired, a "hold_expiry" timer releases the hold. True when it changed something.
  bool fire_timer(const Timer& timer, std::int64_t now);

 private:
  Purchase load(const Caller& caller, const std::string& id);
  // Runs a follow-up through AcquirerCalls; a decline becomes EngineError(invalid_state, error_code).
  Purchase follow_up(const Caller& caller, const std::string& id, const std::string& error_code, const OpenIntent& open,
                     CallConnector call);

  EngineServices& services_;
  AcquirerCalls& calls_;
};

// The amount rules shared by capture and refund: positive and at most `limit`.
std::int64_t checked_amount(std::optional<std::int64_t> requested, std::int64_t limit, const char* what);

}  // namespace tender::engine
