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

void Checkpointer::checkpoint() { connection_->run("PRAGMA wal_checkpoint(PASSIVE)"); }

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
