#pragma once
// Renders billing objects as the Collect API shows them (docs/billing.md): BillingTemplate and
// BillingTemplateClient, with the provider's field names.
#include <boost/json.hpp>
#include <string>

#include "engine/billing/billing_template.hpp"
#include "engine/billing/subscriber.hpp"

namespace tender::api::collect {

// `currency`: the template's, or its brand's default when the template names none.
boost::json::object template_json(const engine::billing::BillingTemplate& t, const std::string& currency);
boost::json::object subscriber_json(const engine::billing::Subscriber& s);

}  // namespace tender::api::collect
