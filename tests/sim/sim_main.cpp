// tender_sim: a deterministic simulation of the engine with injected store and acquirer faults
// (docs/ARCHITECTURE.md, "Deterministic simulation"). Every run prints its seed first; the same
// seed replays the same commands, faults and clock exactly.
//
//   tender_sim                         one run with a random seed
//   tender_sim --seed 42 --trace       replay seed 42, printing every step
//   tender_sim --seeds 2000 --steps 60 seeds base..base+1999 (base: --seed, or random)
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>

#include "simulation.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Deterministic simulation of Tender's engine under store and acquirer faults"};
  std::uint64_t seed = 0;
  std::size_t seeds = 1, steps = 60;
  bool trace = false, log = false;
  auto* seed_option = app.add_option("--seed", seed, "The (first) seed; default: random");
  app.add_option("--seeds", seeds, "How many consecutive seeds to run")->check(CLI::Range(1, 100'000'000));
  app.add_option("--steps", steps, "Steps per seed")->check(CLI::Range(1, 100'000));
  app.add_flag("--trace", trace, "Print every step");
  app.add_flag("--log", log, "Show the engine's log (warnings and errors)");
  CLI11_PARSE(app, argc, argv);
  if (!*seed_option) seed = std::random_device{}() * 0x100000000ull + std::random_device{}();
  spdlog::set_level(log ? spdlog::level::warn : spdlog::level::off);

  std::cout << "tender_sim seed " << seed << " (seeds " << seeds << ", steps " << steps << ")" << std::endl;
  const auto started = std::chrono::steady_clock::now();
  tender::sim::SimStats total;
  std::size_t failures = 0;
  for (std::size_t i = 0; i < seeds; ++i) {
    const std::uint64_t s = seed + i;
    tender::sim::Simulation simulation({.seed = s, .steps = steps, .trace = trace});
    auto result = simulation.run();
    total.steps += result.stats.steps;
    total.restarts += result.stats.restarts;
    total.store_faults += result.stats.store_faults;
    total.acknowledged += result.stats.acknowledged;
    total.refused += result.stats.refused;
    total.unanswered += result.stats.unanswered;
    total.retried += result.stats.retried;
    if (result.ok) continue;
    ++failures;
    std::cout << "FAILED seed " << s << " at step " << result.failed_step << ": " << result.failed_command << "\n";
    for (const auto& v : result.violations) std::cout << "  - " << v << "\n";
    std::cout << "  replay: tender_sim --seed " << s << " --steps " << steps << " --trace" << std::endl;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "seeds " << seeds << ", failed " << failures << "; steps " << total.steps << ", restarts "
            << total.restarts << ", store faults " << total.store_faults << "; client answers: acknowledged "
            << total.acknowledged << ", refused " << total.refused << ", unanswered " << total.unanswered
            << ", retried " << total.retried << "; " << seconds << " s" << std::endl;
  return failures == 0 ? 0 : 1;
}
