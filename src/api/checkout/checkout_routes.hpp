#pragma once
// The payer's pages: hosted checkout (checkout_url), Direct Post (direct_post_url), the 3-D Secure
// test ACS, the result page and the invoice. Public: the purchase id in the URL is the capability.
#include <string>

#include "api/collect/purchase_json.hpp"
#include "engine/payment_commands.hpp"
#include "http/router.hpp"

namespace tender::api::checkout {

struct CheckoutContext {
  engine::PaymentCommands& payments;
  collect::Links links;
  bool secure_cookies = false;  // set when the public URL is https
};

void add_checkout_routes(http::Router& router, CheckoutContext& context);

}  // namespace tender::api::checkout
