#include "engine/status.hpp"

namespace tender::engine {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::created: return "created";
    case Status::sent: return "sent";
    case Status::viewed: return "viewed";
    case Status::error: return "error";
    case Status::cancelled: return "cancelled";
    case Status::overdue: return "overdue";
    case Status::expired: return "expired";
    case Status::blocked: return "blocked";
    case Status::hold: return "hold";
    case Status::released: return "released";
    case Status::pending_release: return "pending_release";
    case Status::pending_capture: return "pending_capture";
    case Status::preauthorized: return "preauthorized";
    case Status::paid: return "paid";
    case Status::pending_execute: return "pending_execute";
    case Status::pending_charge: return "pending_charge";
    case Status::cleared: return "cleared";
    case Status::settled: return "settled";
    case Status::chargeback: return "chargeback";
    case Status::pending_refund: return "pending_refund";
    case Status::refunded: return "refunded";
  }
  return "unknown";
}

std::optional<Status> status_from_string(std::string_view text) {
  for (Status s : kAllStatuses) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

}  // namespace tender::engine
