#pragma once
// Decodes and validates a Collect `POST /purchases/` body into the engine's NewPurchase command.
#include <boost/json.hpp>
#include <optional>

#include "engine/purchase_commands.hpp"
#include "json/field_errors.hpp"
#include "json/reader.hpp"

namespace tender::api::collect {

std::optional<engine::NewPurchase> read_new_purchase(const boost::json::object& body, json::FieldErrors& errors);

// The `purchase` object (PurchaseDetails) of `top`, required: its products, money fields and
// descriptive fields into out.details / lines / currency / debt / total_override / due_strict.
void read_purchase_details(json::ObjectReader& top, engine::NewPurchase& out);
// `payment_method_whitelist` of `r`: null or 1..50 method names.
std::vector<std::string> read_payment_method_whitelist(json::ObjectReader& r);

// URL fields of the seed: http(s) absolute URL, at most 500 characters.
bool valid_url(const std::string& text);

}  // namespace tender::api::collect
