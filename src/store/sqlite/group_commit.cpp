#include "store/sqlite/group_commit.hpp"
#include "util/invariant.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "store/sqlite/limits.hpp"
#include "store/sqlite/write_txn.hpp"
#include "store/store_error.hpp"

namespace tender::store::sqlite {

namespace {

// Gives `error` to every item in [first, end) that doesn't already carry its own.
void fail_range(std::vector<std::exception_ptr>& errors, std::size_t first, std::size_t end,
                const std::exception_ptr& error) {
  for (std::size_t i = first; i < end; ++i) {
    if (!errors[i]) errors[i] = error;
  }
}

}  // namespace

GroupCommitter::GroupCommitter(std::unique_ptr<Connection> writer, std::size_t max_batch,
                               std::size_t max_queue, metrics::Registry* metrics, int restart_above_frames,
                               WalProgress& progress)
    : writer_(std::move(writer)),
      max_batch_(max_batch),
      max_queue_(max_queue),
      restart_above_frames_(restart_above_frames),
      next_restart_at_(restart_above_frames),
      progress_(progress),
      store_metrics_(metrics),
      batch_size_(store_metrics_.registry().histogram(
          "tender_store_group_commit_batch_size",
          "SQLite: writes the writer thread took from the queue into one group commit (one fsync).",
          metrics::Buckets({1, 2, 4, 8, 16, 32, 64, 128, 256}))),
      commit_duration_(store_metrics_.registry().histogram(
          "tender_store_group_commit_duration_seconds",
          "SQLite: time of one group commit, BEGIN to COMMIT, the fsync included.", metrics::latency_buckets())),
      queue_depth_(store_metrics_.registry().gauge("tender_store_group_commit_queue_depth",
                                                   "SQLite: writes waiting for the writer thread.")) {
  TENDER_ASSERT(writer_ != nullptr && writer_->role() == Role::writer, "writer_connection_role", "group_commit.cpp");
  TENDER_ASSERT(!writer_->in_transaction(), "writer_idle_between_batches", "group_commit.cpp");
  TENDER_ASSERT(max_batch_ >= 1 && max_batch_ <= kMaxBatch, "batch_size_bounded", "group_commit.cpp");
  TENDER_ASSERT(max_queue_ >= 1 && max_queue_ <= kMaxQueue, "queue_size_bounded", "group_commit.cpp");
  TENDER_ASSERT(restart_above_frames_ >= 1, "wal_restart_bound_positive", "{}", restart_above_frames_);
  // The hook replaces SQLite's auto-checkpoint (turned off on the writer connection anyway).
  sqlite3_wal_hook(
      writer_->handle(),
      [](void* frames, sqlite3*, const char*, int count) {
        *static_cast<int*>(frames) = count;
        return SQLITE_OK;
      },
      &wal_frames_);
  thread_ = std::thread([this] { loop(); });
}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();  // blocked submitters give up with StoreError
  thread_.join();
  TENDER_ASSERT(queue_.empty(), "queue_drained_on_stop", "group_commit.cpp");
}

std::size_t GroupCommitter::queue_depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void GroupCommitter::write(const Work& work) {
  if (!work) throw std::invalid_argument("store: write() needs a work function");
  if (std::this_thread::get_id() == thread_.get_id()) {
    throw std::logic_error("store: write() called from inside a write() work function");
  }
  const auto started = std::chrono::steady_clock::now();
  Completion completion;
  {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < max_queue_ || stopping_; });
    if (stopping_) throw StoreError("store: closed");
    queue_.push_back(Pending{&work, &completion});
    queue_depth_.set(static_cast<double>(queue_.size()));
  }
  not_empty_.notify_one();
  completion.settled.wait();
  store_metrics_.write_finished(started, completion.error);
  // The work's own exception, or the batch's commit failure.
  if (completion.error) std::rethrow_exception(std::move(completion.error));
}

void GroupCommitter::settle(const Pending& pending, std::exception_ptr error) noexcept {
  Completion& completion = *pending.completion;
  completion.error = std::move(error);  // the caller now holds the only reference
  completion.settled.signal();          // after it, the caller may return and destroy `completion`
}

void GroupCommitter::loop() {
  std::vector<Pending> batch;
  batch.reserve(max_batch_);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) {
        TENDER_ASSERT(stopping_, "writer_stops_only_when_asked", "group_commit.cpp");
        return;  // drained
      }
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queue_depth_.set(static_cast<double>(queue_.size()));
    }
    not_full_.notify_all();
    batch_size_.observe(static_cast<double>(batch.size()));
    const auto started = std::chrono::steady_clock::now();
    run_batch(batch);
    commit_duration_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    batch.clear();
    restart_wal_if_long();
  }
}

void GroupCommitter::restart_wal_if_long() noexcept {
  if (progress_.restarting()) {
    if (wal_frames_ == 0) return;  // nothing committed on the new WAL yet
    progress_.restart_ends();
  }
  if (wal_frames_ <= next_restart_at_) return;
  const std::optional<std::uint32_t> flushed = progress_.flushed_frames();
  const int max_tail = std::max(1, restart_above_frames_ / 8);
  const bool mostly_flushed = flushed && wal_frames_ - static_cast<std::int64_t>(*flushed) <= max_tail;
  const bool overdue = wal_frames_ > next_restart_at_ + restart_above_frames_;
  if (!mostly_flushed && !overdue) return;
  int frames = 0;
  int copied = 0;
  progress_.restart_begins();
  sqlite3_busy_timeout(writer_->handle(), kRestartWaitMs);
  const int rc = sqlite3_wal_checkpoint_v2(writer_->handle(), "main", SQLITE_CHECKPOINT_RESTART, &frames, &copied);
  sqlite3_busy_timeout(writer_->handle(), kBusyTimeoutMs);
  if (rc == SQLITE_OK) {
    wal_frames_ = 0;  // the next commit starts the WAL over; the hook counts from there
    next_restart_at_ = restart_above_frames_;
    wal_restarts_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  progress_.restart_ends();  // the old WAL goes on
  // SQLITE_BUSY: a reader kept old frames past the wait; nothing is lost, the WAL only grows.
  if (rc != SQLITE_BUSY) spdlog::warn("sqlite: restarting the WAL failed: {}", sqlite3_errstr(rc));
  next_restart_at_ = wal_frames_ + std::max(1, restart_above_frames_ / 16);
}

void GroupCommitter::run_batch(std::vector<Pending>& batch) {
  TENDER_ASSERT(!batch.empty() && batch.size() <= max_batch_, "batch_within_bounds", "group_commit.cpp");
  std::vector<std::exception_ptr> errors(batch.size());
  std::size_t next = 0;
  while (next < batch.size()) {
    const std::size_t after = run_transaction(batch, errors, next);
    TENDER_ASSERT(after > next && "every transaction settles at least one item", "batch_makes_progress", "group_commit.cpp");
    next = after;
  }
  TENDER_ASSERT(!writer_->in_transaction(), "writer_idle_between_batches", "group_commit.cpp");
  // Wake callers only now: everything without an error is durable.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    (errors[i] ? writes_failed_ : writes_committed_).fetch_add(1, std::memory_order_relaxed);
    settle(batch[i], std::move(errors[i]));
  }
}

std::size_t GroupCommitter::run_transaction(std::vector<Pending>& batch,
                                            std::vector<std::exception_ptr>& errors, std::size_t first) {
  const std::size_t end = batch.size();
  rollback_quietly();  // a leftover transaction from a failed ROLLBACK would make BEGIN fail forever
  try {
    // IMMEDIATE: take the write lock now (waiting up to busy_timeout for another process) rather
    // than failing with SQLITE_BUSY halfway through the batch.
    writer_->run("BEGIN IMMEDIATE");
  } catch (...) {
    fail_range(errors, first, end, std::current_exception());
    rollback_quietly();
    return end;
  }

  for (std::size_t i = first; i < end; ++i) {
    try {
      writer_->run("SAVEPOINT s");
      SqliteWriteTxn txn(*writer_);
      (*batch[i].work)(txn);
      writer_->run("RELEASE s");
      continue;
    } catch (...) {
      errors[i] = std::current_exception();
    }
    if (!rollback_savepoint()) {
      // SQLite abandoned the transaction (I/O error, disk full...): the earlier items of this
      // transaction are lost with it. Fail them and run the rest in a fresh transaction.
      fail_range(errors, first, i,
                 std::make_exception_ptr(StoreError("store: batch transaction rolled back by an error")));
      rollback_quietly();
      return i + 1;
    }
  }

  try {
    writer_->run("COMMIT");  // the one fsync for the batch
  } catch (...) {
    // Nothing of this transaction is durable: every caller in it learns so.
    const std::exception_ptr error = std::current_exception();
    rollback_quietly();
    fail_range(errors, first, end, error);
    return end;
  }
  batches_committed_.fetch_add(1, std::memory_order_relaxed);
  return end;
}

bool GroupCommitter::rollback_savepoint() noexcept {
  if (!writer_->in_transaction()) return false;
  try {
    writer_->run("ROLLBACK TO s");
    writer_->run("RELEASE s");
    return true;
  } catch (...) {
    return false;
  }
}

void GroupCommitter::rollback_quietly() noexcept {
  if (!writer_->in_transaction()) return;
  try {
    writer_->run("ROLLBACK");
  } catch (...) {
    // Nothing uncommitted becomes durable either way; the next transaction retries the ROLLBACK.
  }
}

}  // namespace tender::store::sqlite
