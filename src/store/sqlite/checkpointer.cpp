#include "store/sqlite/checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace tender::store::sqlite {

Checkpointer::Checkpointer(const std::string& path)
    : connection_(std::make_unique<Connection>(path, Role::checkpointer)), thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Checkpointer::checkpoint(const char* mode) {
  std::int64_t wal_frames = 0;
  {
    Query q = connection_->query(std::string("PRAGMA wal_checkpoint(") + mode + ")");
    if (q.next()) wal_frames = q.int64(1);  // (busy, frames in the WAL, frames checkpointed)
  }
  if (wal_frames > kRestartAboveFrames && std::string(mode) == "PASSIVE") checkpoint("RESTART");
}

void Checkpointer::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait_for(lock, std::chrono::milliseconds(kPeriodMs), [this] { return stop_; });
    bool stopping = stop_;
    lock.unlock();
    try {
      checkpoint("PASSIVE");
    } catch (const std::exception& e) {
      spdlog::warn("sqlite checkpoint failed: {}", e.what());  // retried next period; the WAL keeps the data
    }
    if (stopping) return;
    lock.lock();
  }
}

}  // namespace tender::store::sqlite
