#pragma once
// A refund as the Collect dialect shows it: GET /purchases/{id}/refunds/, the refund answer, and
// the payload of the payment.refunded webhook.
#include <boost/json.hpp>

#include "engine/lifecycle_commands.hpp"

namespace tender::api::collect {

boost::json::object refund_json(const engine::Refund& refund);

}  // namespace tender::api::collect
