#pragma once
// When a failed delivery is tried again. The seed: up to 8 more attempts at exponentially
// growing intervals, none later than 36 hours after the event.
//
//   after attempt  1  2   3    4     5     6      7      8
//   wait (s)      30 90 270  810  2430  7290  21870  65610
//   attempt n at  30 120 390 1200 3630 10920 32790 98400  s after the first (+ attempt durations)
//
// The 9th attempt is due about 27.3 h after the first, so even late attempts (a restart, a slow
// receiver: at most 8 x 15 s of attempt time) stay well inside the 36 h window.
#include <cstdint>
#include <optional>

namespace tender::webhooks {

inline constexpr int kMaxAttempts = 9;                               // 1 + 8 retries
// Manual resends add one attempt each; a delivery keeps at most this many attempts in all, so its
// record stays bounded. A resend beyond it is refused.
inline constexpr int kMaxStoredAttempts = 100;
inline constexpr std::int64_t kFirstRetryDelaySeconds = 30;
inline constexpr std::int64_t kRetryGrowthFactor = 3;
inline constexpr std::int64_t kGiveUpAfterSeconds = 36 * 3600;       // counted from the event

// Seconds to wait after `attempts_made` failed attempts (1..kMaxAttempts-1); nullopt when no
// attempt is left.
std::optional<std::int64_t> retry_delay_seconds(int attempts_made);

// When the next automatic attempt is due, or nullopt to give up: no attempts left, or the next
// one would fall after `give_up_at` (unix seconds).
std::optional<std::int64_t> next_attempt_at(int attempts_made, std::int64_t last_attempt_at,
                                            std::int64_t give_up_at);

}  // namespace tender::webhooks
