#pragma once
// Moving the test clock, shared by the Collect API (POST /api/v1/test_clock/advance/) and the
// portal's developer pages, so that both apply the same bound and both make due work run at once.
#include <cstdint>

#include "engine/clock.hpp"
#include "webhooks/dispatcher.hpp"

namespace tender::api {

// One move is at most ~13 months: enough to pass any expiry or retry schedule, small enough that
// the offset cannot overflow after any realistic number of moves.
inline constexpr std::int64_t kMaxClockAdvanceSeconds = 400LL * 24 * 3600;

// Moves the (process-wide) clock forward by `seconds` (1..kMaxClockAdvanceSeconds, checked by the
// caller, who also checks that the test clock is enabled) and wakes the webhook dispatcher, whose
// retries may have become due.
void advance_test_clock(engine::SystemClock& clock, webhooks::Dispatcher& dispatcher, std::int64_t seconds);

}  // namespace tender::api
