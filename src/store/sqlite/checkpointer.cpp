#include "store/sqlite/checkpointer.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace tender::store::sqlite {

Checkpointer::Checkpointer(const std::string& path, WalProgress& progress)
    : connection_(std::make_unique<Connection>(path, Role::checkpointer)), progress_(progress), thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Checkpointer::checkpoint() {
  const std::uint32_t generation = progress_.generation();
  int backfilled = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(connection_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, &backfilled);
  if (rc == SQLITE_BUSY) return;  // the writer's RESTART holds the checkpoint lock: its pass, not ours
  if (rc != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(connection_->handle()));
  // A passive checkpoint that stops short of the WAL's end (under load it always does: commits
  // land while it copies) writes its pages into the main file without an fsync; the fsync comes
  // with the first checkpoint that reaches the end, which is the writer's RESTART between two
  // batches (group_commit.hpp). That fsync then flushed every page copied since the last one,
  // thousands of scattered pages after captures: 35 ms with the writer and every caller waiting
  // (perf trace, capture at half its peak rate), the whole p99. So the pages copied here are
  // flushed here, off the writer's path, and the writer's fsync finds only its own tail.
  // Within one WAL the backfilled count only grows; after a restart it is another count.
  if (backfilled > 0 && backfilled != synced_backfill_) sync_main_file();
  synced_backfill_ = backfilled;
  // Taken only if no restart began since the pass did (the generation read before it).
  progress_.flushed(generation, static_cast<std::uint32_t>(backfilled));
}

void Checkpointer::sync_main_file() {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(connection_->handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods == nullptr) {
    throw std::runtime_error("no file behind the checkpointer's connection");
  }
  if (file->pMethods->xSync(file, SQLITE_SYNC_NORMAL) != SQLITE_OK) {
    throw std::runtime_error("fsync of the database file failed");
  }
}

void Checkpointer::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait_for(lock, std::chrono::milliseconds(kPeriodMs), [this] { return stop_; });
    bool stopping = stop_;
    lock.unlock();
    try {
      checkpoint();
    } catch (const std::exception& e) {
      spdlog::warn("sqlite checkpoint failed: {}", e.what());  // retried next period; the WAL keeps the data
    }
    if (stopping) return;
    lock.lock();
  }
}

}  // namespace tender::store::sqlite
