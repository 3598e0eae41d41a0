#pragma once
// Decodes and validates an Orders API body (seed 004): POST /v1/orders/purchase (and its
// companion /v1/orders/authorize, same body) into the engine's NewPurchase command and the card
// or network token to pay it with; and the small bodies of capture and refund. Unknown fields are
// errors naming them; field errors carry dotted paths ("device.user_agent").
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "engine/purchase_commands.hpp"
#include "json/field_errors.hpp"

namespace tender::api::orders {

// The key under NewPurchase.details holding this dialect's data (device, airline, agreement,
// sub_merchant, the masked source...), so an order renders again from its purchase alone.
inline constexpr const char* kDetailsKey = "orders";

struct OrderRequest {
  engine::NewPurchase purchase;  // brand_id is left for the caller to fill (the key's merchant)
  connectors::CardData card;     // card number, or the wallet's network token number
  std::string three_ds_result;   // "" (Tender runs enrollment), or auth.status / the wallet's ECI
  std::string wallet_cryptogram; // apple_pay / google_pay / samsung_pay: passed to the acquirer, never stored
  bool remember_card = false;    // new_agreement: the card is kept for later charges
  std::string client_ip;         // device.ip_address
  std::optional<std::string> given_id;
};

std::optional<OrderRequest> read_order(const boost::json::object& body, json::FieldErrors& errors);

// capture and refund: {"amount": minor units >= 1}, optional (default: everything possible).
std::optional<std::int64_t> read_amount_body(const boost::json::object& body, json::FieldErrors& errors);

}  // namespace tender::api::orders
