#pragma once
// The card fields of Direct Post and the hosted checkout form, validated exactly as the Collect
// seed's direct_post_url section lists them. A failure is a payment failure with the seed's
// validation_* code, not an HTTP error.
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "http/form.hpp"

namespace tender::api::checkout {

struct CardFormResult {
  std::optional<connectors::CardData> card;
  bool remember_card = false;
  std::string error_code;     // validation_* code when card is empty
  std::string error_message;
};

CardFormResult read_card_form(const http::FormFields& fields);

}  // namespace tender::api::checkout
