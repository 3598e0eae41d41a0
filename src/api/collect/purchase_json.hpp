#pragma once
// Renders an engine Purchase as the Collect seed's Purchase object, every read-only field included.
#include <boost/json.hpp>
#include <string>

#include "engine/purchase.hpp"

namespace tender::api::collect {

struct Links {
  std::string public_url;  // base for checkout_url, direct_post_url, invoice_url (no trailing slash)
};

boost::json::object purchase_json(const engine::Purchase& purchase, const Links& links);
std::string checkout_url(const engine::Purchase& purchase, const Links& links);

}  // namespace tender::api::collect
