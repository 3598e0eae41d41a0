#pragma once
// The operation a purchase has open at an acquirer (DESIGN rule 6): written before the connector
// is called, with everything needed to record the answer, and cleared in the same transaction
// that records it. While open it is the purchase's lock: every other operation is refused. After
// a crash it is all the engine has to ask the acquirer (Connector::status) what became of it.
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tender::engine {

// The marker of an open intent: a record of this kind with the purchase's id, written and removed
// with the intent (PurchaseWriter::save), so that recovery finds open intents through an index in
// time independent of the number of purchases.
inline constexpr const char* kIntentKind = "open_intent";

enum class PendingOperation { none, execute, capture, release, refund, charge };

// Storage and attempt-type names: "execute", "capture", "release", "refund", "recurring_execute".
std::string_view to_string(PendingOperation op);
// Inverse of to_string; "" is none; unknown names are nullopt.
std::optional<PendingOperation> pending_operation_from_string(std::string_view name);

struct Intent {
  PendingOperation operation = PendingOperation::none;
  std::string id;                 // unique per call; the connector's operation_id
  std::int64_t since = 0;         // engine clock seconds
  std::string connector;          // the connector called
  std::int64_t amount_minor = 0;  // what the call moves: captured, refunded, charged or authorized
  std::string detail;             // refund: the new refund's id; charge: the recurring token
  // execute and charge: how the payment was made, for the attempt written with the answer.
  std::string flow;
  std::string client_ip;
  bool three_ds = false;
  boost::json::object card;  // masked card (cards::mask_pan), expiry, holder, brand: never a PAN or CVC

  bool open() const { return operation != PendingOperation::none; }
};

boost::json::object to_storage(const Intent& intent);
Intent intent_from_storage(const boost::json::object& purchase_body);

}  // namespace tender::engine
