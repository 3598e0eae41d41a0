#pragma once
// Copies the WAL back into the database file on its own connection and thread, so that commits
// never wait for a checkpoint's fsync. Passive checkpoints run on a short period and never block
// the writer or readers; when the WAL grows past a bound anyway (readers holding old snapshots),
// a RESTART checkpoint brings it back.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/connection.hpp"

namespace tender::store::sqlite {

class Checkpointer {
 public:
  static constexpr int kPeriodMs = 200;
  static constexpr int kRestartAboveFrames = 16000;  // about 64 MiB of 4 KiB pages

  explicit Checkpointer(const std::string& path);
  ~Checkpointer();  // a last passive checkpoint, then joins

 private:
  void loop();
  void checkpoint(const char* mode);
  std::unique_ptr<Connection> connection_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tender::store::sqlite
