#pragma once
// A refund's stored record (kind kRefundKind, written by record_refund) read back as a Refund.
#include <optional>
#include <string>

#include "engine/lifecycle_commands.hpp"
#include "store/store.hpp"

namespace tender::engine {

// The refund with this id, or nullopt when there is none. The purchase it belongs to is in the
// record; `company_id` scopes it as every record is.
std::optional<Refund> read_refund(store::ReadView& view, const std::string& refund_id);

}  // namespace tender::engine
