#pragma once
// What the checkpointer has made durable in the main file, told to the writer, which starts the
// WAL over (group_commit.hpp) right after the checkpointer has flushed most of it: the RESTART's
// copy and fsync then cover only the frames committed since, a few ms, instead of everything the
// checkpointer copied since its last fsync (35 ms under captures' scattered pages; perf trace).
//
// A WAL is named by its generation: even while it is the WAL being written, odd from the writer's
// RESTART until its first commit on the new WAL, when a pass's counts could belong to either file.
#include <atomic>
#include <cstdint>
#include <optional>

#include "util/invariant.hpp"

namespace tender::store::sqlite {

class WalProgress {
 public:
  // Writer thread: about to RESTART (odd), then done with it (even again: after the first commit
  // on the new WAL, or at once when the RESTART was refused and the old WAL goes on).
  void restart_begins() { bump(/*odd_after=*/true); }
  void restart_ends() { bump(/*odd_after=*/false); }

  std::uint32_t generation() const { return generation_.load(std::memory_order_acquire); }
  bool restarting() const { return generation() % 2 != 0; }

  // Checkpointer: `frames` of the WAL of `generation` (read before its pass, and still the same
  // after it) are in the main file and fsynced. Passes over a WAL that was being restarted say
  // nothing.
  void flushed(std::uint32_t generation, std::uint32_t frames) {
    if (generation % 2 != 0 || generation != this->generation()) return;
    flushed_.store((std::uint64_t{generation} << 32) | frames, std::memory_order_release);
  }

  // Writer thread: how many frames of the current WAL the checkpointer has flushed, if it has
  // told since this WAL began.
  std::optional<std::uint32_t> flushed_frames() const {
    const std::uint64_t told = flushed_.load(std::memory_order_acquire);
    if (static_cast<std::uint32_t>(told >> 32) != generation()) return std::nullopt;
    return static_cast<std::uint32_t>(told);
  }

 private:
  void bump(bool odd_after) {
    const std::uint32_t next = generation_.load(std::memory_order_relaxed) + 1;
    TENDER_ASSERT((next % 2 != 0) == odd_after, "wal_generation_alternates", "{}", next);
    generation_.store(next, std::memory_order_release);
  }

  std::atomic<std::uint32_t> generation_{0};
  std::atomic<std::uint64_t> flushed_{~std::uint64_t{0}};  // generation << 32 | frames; none yet
};

}  // namespace tender::store::sqlite
