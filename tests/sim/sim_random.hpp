#pragma once
// The simulation's one source of randomness: every command, amount, card, fault and clock step
// is drawn from this generator, seeded by the run's 64-bit seed, so a seed replays exactly.
// std::mt19937_64's sequence is fixed by the standard; the standard distributions are not (they
// differ between library versions), so values are mapped to ranges here.
#include <cstdint>
#include <random>
#include <vector>

namespace tender::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() { return engine_(); }
  // Uniform in [0, n); n > 0. The modulo bias (n is tiny next to 2^64) does not matter here.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  // True with probability percent / 100.
  bool percent(unsigned percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace tender::sim
