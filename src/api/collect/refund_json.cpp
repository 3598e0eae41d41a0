#include "api/collect/refund_json.hpp"

namespace tender::api::collect {

namespace bj = boost::json;

// A refund as the seed's Payment object (is_outgoing, payment_type "refund"), in the envelope CHIP
// answers a refund with: `status` ("success" once refunded) and the amounts under `payment`.
// WHMCS ChipGateway::refund() takes the refund as failed unless status is "success" and reads
// payment.fee_amount; WooCommerce process_refund() reads status, payment.amount,
// payment.currency and id. The amounts stay at the top level too, where Tender had them.
bj::object refund_json(const engine::Refund& r) {
  const bj::object payment{{"is_outgoing", true},
                           {"payment_type", "refund"},
                           {"amount", r.amount_minor},
                           {"currency", r.currency},
                           {"net_amount", r.amount_minor},
                           {"fee_amount", 0},
                           {"pending_amount", 0},
                           {"pending_unfreeze_on", nullptr},
                           {"description", ""},
                           {"paid_on", r.created_on},
                           {"remote_paid_on", r.created_on}};
  bj::object o{{"id", r.id}, {"type", "payment"}, {"status", r.status}, {"company_id", r.company_id}};
  for (const auto& [key, value] : payment) o[key] = value;
  o["payment"] = payment;
  o["created_on"] = r.created_on;
  o["updated_on"] = r.created_on;
  o["related_to"] = bj::object{{"type", "purchase"}, {"id", r.purchase_id}};
  return o;
}

}  // namespace tender::api::collect
