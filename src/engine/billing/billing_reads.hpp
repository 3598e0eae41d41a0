#pragma once
// Reads of billing objects scoped to a caller: another company's or mode's object, or an id that
// is not a UUID, reads as absent (the API answers 404).
#include <optional>
#include <string>

#include "engine/billing/billing_template.hpp"
#include "engine/billing/subscriber.hpp"
#include "engine/caller.hpp"
#include "store/store.hpp"

namespace tender::engine::billing {

std::optional<BillingTemplate> find_template(store::ReadView& view, const Caller& caller, const std::string& id);
// A subscriber of template `template_id`.
std::optional<Subscriber> find_subscriber(store::ReadView& view, const Caller& caller, const std::string& template_id,
                                          const std::string& id);
// By id alone (timers, payments): nullopt when unknown.
std::optional<Subscriber> find_subscriber(store::ReadView& view, const std::string& id);
std::optional<BillingTemplate> find_template(store::ReadView& view, const std::string& id);

}  // namespace tender::engine::billing
