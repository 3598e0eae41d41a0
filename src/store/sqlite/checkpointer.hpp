#pragma once
// Copies the WAL back into the database file on its own connection and thread, so that commits
// never wait for a checkpoint's fsync. Passive checkpoints run on a short period and never block
// the writer or readers; the pages one copies are fsynced here too (checkpoint()). Starting the
// WAL over once it is long is the writer's own step between batches (group_commit.hpp): from
// here, a RESTART held the write lock while commits waited.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/wal_progress.hpp"

namespace tender::store::sqlite {

class Checkpointer {
 public:
  static constexpr int kPeriodMs = 50;

  // `progress`: where each pass tells the writer what it flushed; outlives this.
  Checkpointer(const std::string& path, WalProgress& progress);
  ~Checkpointer();  // a last passive checkpoint, then joins

 private:
  void loop();
  void checkpoint();
  void sync_main_file();
  std::unique_ptr<Connection> connection_;
  WalProgress& progress_;
  int synced_backfill_ = 0;  // the WAL's backfilled frames at this thread's last fsync of the main file
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tender::store::sqlite
