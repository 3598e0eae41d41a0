#pragma once
// Decodes and validates a Collect `POST /purchases/` body into the engine's NewPurchase command.
#include <boost/json.hpp>
#include <optional>

#include "engine/purchase_commands.hpp"
#include "json/field_errors.hpp"

namespace tender::api::collect {

std::optional<engine::NewPurchase> read_new_purchase(const boost::json::object& body, json::FieldErrors& errors);

// URL fields of the seed: http(s) absolute URL, at most 500 characters.
bool valid_url(const std::string& text);

}  // namespace tender::api::collect
