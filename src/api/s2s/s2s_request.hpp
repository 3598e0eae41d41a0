#pragma once
// Decodes and validates the server-to-server Purchase API body (v1 and v2 share it; seeds 000 and
// 001) into the engine's NewPurchase command and the card to pay it with. The schema exactly:
// every maxLength, additionalProperties: false at every level, amount as a decimal string in major
// units parsed exactly against the currency's exponent. Field errors carry dotted paths.
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "engine/purchase_commands.hpp"
#include "json/field_errors.hpp"

namespace tender::api::s2s {

// The key under NewPurchase.details holding this dialect's echo data (addresses, browser_info,
// time_zone, the masked card as sent...), so a purchase can be rendered again from itself.
inline constexpr const char* kDetailsKey = "server_to_server";

struct S2sPayment {
  engine::NewPurchase purchase;  // brand_id is the request's merchant_id
  connectors::CardData card;
  std::string merchant_id;
  std::string customer_ip;
  bool has_return_urls = false;  // return_url.success_url and decline_url: needed for 3-D Secure
};

std::optional<S2sPayment> read_payment(const boost::json::object& body, json::FieldErrors& errors);

}  // namespace tender::api::s2s
