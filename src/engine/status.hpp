#pragma once
// The statuses a purchase moves through, and their API spelling.

#include <array>
#include <optional>
#include <string_view>

namespace tender::engine {

// Order is part of the API: it is the order the statuses are listed in.
enum class Status {
  created, sent, viewed, error, cancelled, overdue, expired, blocked, hold, released,
  pending_release, pending_capture, preauthorized, paid, pending_execute, pending_charge,
  cleared, settled, chargeback, pending_refund, refunded
};

inline constexpr std::array<Status, 21> kAllStatuses = {
    Status::created,          Status::sent,             Status::viewed,
    Status::error,            Status::cancelled,        Status::overdue,
    Status::expired,          Status::blocked,          Status::hold,
    Status::released,         Status::pending_release,  Status::pending_capture,
    Status::preauthorized,    Status::paid,             Status::pending_execute,
    Status::pending_charge,   Status::cleared,          Status::settled,
    Status::chargeback,       Status::pending_refund,   Status::refunded,
};

// Snake-case name, identical to the enumerator: "pending_execute".
std::string_view to_string(Status status);

// Inverse of to_string; exact match only.
std::optional<Status> status_from_string(std::string_view text);

}  // namespace tender::engine
