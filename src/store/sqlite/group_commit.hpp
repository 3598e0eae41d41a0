#pragma once
// Group commit: one thread owns the writer connection and turns everything queued into one
// transaction (one WAL fsync), giving each work item its own savepoint so a failing item is
// undone alone. Callers block until the transaction holding their work is durable.
//
// Between two batches, when the WAL has grown past restart_above_frames, the writer itself runs a
// RESTART checkpoint so that the next commits write the WAL from its start again. Under steady
// load the WAL is never idle long enough to start over on its own. The checkpointer's passive
// checkpoints (checkpointer.hpp) copy it back and fsync what they copied; the writer waits for one
// that has flushed all but the last eighth of the bound (wal_progress.hpp), so that what the
// RESTART costs it is the copy and fsync of that tail, and readers leaving the old frames. At
// twice the bound it restarts whatever the checkpointer has done.
// Done by another connection, a RESTART held the write lock while the writer's BEGIN slept in
// SQLite's busy handler: p99 17 ms → 6 ms at half the S2S peak rate (bench/).
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "metrics/registry.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/wal_progress.hpp"
#include "store/store.hpp"
#include "store/store_metrics.hpp"
#include "util/wakeup.hpp"

namespace tender::store::sqlite {

class GroupCommitter {
 public:
  using Work = std::function<void(WriteTxn&)>;
  // A reader may keep old frames a while (a long report), and the checkpointer's pass holds the
  // checkpoint lock: the restart waits this long at most, and after a refusal is tried again once
  // the WAL has grown by a sixteenth of the bound.
  static constexpr int kRestartWaitMs = 20;

  // `metrics`: where batch sizes, commit times and the queue's depth go (null: nowhere).
  // `restart_above_frames`: WAL length (4 KiB pages) after which the writer starts it over.
  // `progress`: shared with the checkpointer; outlives this.
  GroupCommitter(std::unique_ptr<Connection> writer, std::size_t max_batch, std::size_t max_queue,
                 metrics::Registry* metrics, int restart_above_frames, WalProgress& progress);
  // Stops taking work, commits everything already queued, joins the thread.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Store::write(). Blocks while the queue is full, then until the batch holding `work` commits;
  // rethrows what `work` threw, or StoreError when the batch failed to commit. Throws
  // std::logic_error when called from inside a work function (it would wait on itself).
  void write(const Work& work);

  std::uint64_t batches_committed() const { return batches_committed_.load(std::memory_order_relaxed); }
  std::uint64_t writes_committed() const { return writes_committed_.load(std::memory_order_relaxed); }
  std::uint64_t writes_failed() const { return writes_failed_.load(std::memory_order_relaxed); }
  std::uint64_t wal_restarts() const { return wal_restarts_.load(std::memory_order_relaxed); }
  std::size_t queue_depth() const;

 private:
  // Lives on the calling thread's stack for the duration of its write().
  struct Completion {
    util::Wakeup settled;      // a fiber waiting here suspends (util/fiber.hpp); a thread blocks
    std::exception_ptr error;  // null: committed; written before `settled` is signalled
  };
  struct Pending {
    const Work* work;        // the caller's; valid until `completion` is settled
    Completion* completion;  // ditto
  };
  // Hands the outcome to the caller. After this returns the caller may have destroyed both.
  static void settle(const Pending& pending, std::exception_ptr error) noexcept;

  void loop();
  void run_batch(std::vector<Pending>& batch);
  // Runs batch[first..] in one transaction. Returns where the next transaction must start:
  // batch.size(), or earlier when SQLite abandoned the transaction midway.
  std::size_t run_transaction(std::vector<Pending>& batch, std::vector<std::exception_ptr>& errors,
                              std::size_t first);
  void restart_wal_if_long() noexcept;  // between batches, on the writer thread
  bool rollback_savepoint() noexcept;  // false when the whole transaction is gone
  void rollback_quietly() noexcept;

  const std::unique_ptr<Connection> writer_;  // touched only by thread_ after construction
  const std::size_t max_batch_;
  const std::size_t max_queue_;

  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Pending> queue_;
  bool stopping_ = false;

  std::atomic<std::uint64_t> batches_committed_{0};
  std::atomic<std::uint64_t> writes_committed_{0};
  std::atomic<std::uint64_t> writes_failed_{0};
  std::atomic<std::uint64_t> wal_restarts_{0};
  const int restart_above_frames_;
  int wal_frames_ = 0;     // frames in the WAL after the last commit (SQLite's WAL hook); writer thread only
  int next_restart_at_;    // restart_above_frames_, or later after a refused restart; writer thread only
  WalProgress& progress_;

  StoreMetrics store_metrics_;
  metrics::Histogram& batch_size_;       // items per batch the writer took from the queue
  metrics::Histogram& commit_duration_;  // BEGIN … COMMIT of a batch, its fsync included
  metrics::Gauge& queue_depth_;          // set under mutex_ whenever the queue changes

  std::thread thread_;  // last: starts once every other member exists
};

}  // namespace tender::store::sqlite
