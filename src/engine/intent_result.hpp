#pragma once
// Recording a connector's answer to a purchase's open intent: the attempt is appended, the intent
// closed and the operation's own result written (status, payment, ledger postings, timers), all in
// the caller's transaction. The same path serves an answer that arrives from the call and one
// learnt after a crash from Connector::status (intent_recovery.cpp), so both end the same way.
#include <optional>

#include "connectors/connector.hpp"
#include "engine/engine_services.hpp"
#include "engine/purchase_writer.hpp"
#include "vault/card_vault.hpp"

namespace tender::engine {

// What only the live call has: the payer's card, sealed when it is to be remembered (the intent
// never holds a PAN, so a payment recovered after a crash saves no card).
struct ResultExtras {
  std::optional<vault::SealedCard> sealed_card;
};

// Dispatches on the open intent's operation. Asserts an intent is open.
void record_result(const EngineServices& services, PurchaseWriter& writer, const connectors::Outcome& outcome,
                   std::int64_t now, const ResultExtras& extras = {});

// One per operation, each in its own file; `intent` is the closed intent (already cleared from the
// purchase), `outcome` approved or declined.
void record_execute(const EngineServices& services, PurchaseWriter& writer, const Intent& intent,
                    const connectors::Outcome& outcome, std::int64_t now, const ResultExtras& extras);
void record_capture(const EngineServices& services, PurchaseWriter& writer, const Intent& intent,
                    const connectors::Outcome& outcome, std::int64_t now);
void record_release(const EngineServices& services, PurchaseWriter& writer, const Intent& intent,
                    const connectors::Outcome& outcome, std::int64_t now);
void record_refund(const EngineServices& services, PurchaseWriter& writer, const Intent& intent,
                   const connectors::Outcome& outcome, std::int64_t now);
void record_charge(const EngineServices& services, PurchaseWriter& writer, const Intent& intent,
                   const connectors::Outcome& outcome, std::int64_t now);

// A declined follow-up (capture, release, refund): its pending_* status, if it reached one, is left
// through the table's abandon column; otherwise the status is unchanged.
void abandon_pending_status(PurchaseWriter& writer, std::int64_t now);

// The acquirer's references of one answer (auth code, RRN, STAN, ISO response code), kept on the
// attempt so every dialect can show them.
void add_acquirer_details(boost::json::object& extra, const connectors::Outcome& outcome);

// Fills the purchase's payment for a capture or charge of `amount` with `fee`.
void set_payment(Purchase& p, const std::string& type, std::int64_t amount, std::int64_t fee, std::int64_t now);

}  // namespace tender::engine
