#include "webhooks/retry_schedule.hpp"

namespace tender::webhooks {

std::optional<std::int64_t> retry_delay_seconds(int attempts_made) {
  if (attempts_made < 1 || attempts_made >= kMaxAttempts) return std::nullopt;
  std::int64_t delay = kFirstRetryDelaySeconds;
  for (int i = 1; i < attempts_made; ++i) delay *= kRetryGrowthFactor;
  return delay;
}

std::optional<std::int64_t> next_attempt_at(int attempts_made, std::int64_t last_attempt_at,
                                            std::int64_t give_up_at) {
  auto delay = retry_delay_seconds(attempts_made);
  if (!delay) return std::nullopt;
  const std::int64_t at = last_attempt_at + *delay;
  if (at > give_up_at) return std::nullopt;
  return at;
}

}  // namespace tender::webhooks
