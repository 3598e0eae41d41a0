#pragma once
// A brand's fee schedule: a percentage (in basis points) plus a fixed amount in the purchase
// currency's minor unit. The fee is rounded half-up to a whole minor unit and never exceeds the
// amount, so net_amount is never negative.
#include <cstdint>

namespace tender::engine {

struct FeeSchedule {
  std::int64_t percent_bp = 0;   // 250 = 2.50 %
  std::int64_t fixed_minor = 0;  // added per payment
};

inline std::int64_t fee_for(const FeeSchedule& f, std::int64_t amount_minor) {
  if (amount_minor <= 0) return 0;
  __int128 scaled = static_cast<__int128>(amount_minor) * f.percent_bp;
  std::int64_t percent_part = static_cast<std::int64_t>((scaled + 5000) / 10000);
  std::int64_t fee = percent_part + f.fixed_minor;
  if (fee < 0) return 0;
  return fee > amount_minor ? amount_minor : fee;
}

}  // namespace tender::engine
