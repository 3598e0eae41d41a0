#include "engine/refund_record.hpp"

#include <boost/json.hpp>

namespace tender::engine {

namespace bj = boost::json;

std::optional<Refund> read_refund(store::ReadView& view, const std::string& refund_id) {
  auto r = view.get(kRefundKind, refund_id);
  if (!r) return std::nullopt;
  auto o = bj::parse(r->body).as_object();
  return Refund{r->id, std::string(o.at("purchase_id").as_string()), r->company_id, o.at("amount").as_int64(),
                std::string(o.at("currency").as_string()), r->status, r->created_on};
}

}  // namespace tender::engine
