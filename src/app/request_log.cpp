#include "app/request_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "util/invariant.hpp"

namespace tender::app {

namespace {

// Lines into a fully buffered stdio stream on a duplicate of the descriptor; written on flush()
// or when the buffer is full. The base sink's mutex orders the two streams' lines.
class BufferedFdSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BufferedFdSink(int fd) {
    const int copy = ::dup(fd);
    if (copy < 0) throw std::runtime_error(std::string("log: dup failed: ") + std::strerror(errno));
    file_ = ::fdopen(copy, "w");
    if (!file_) {
      ::close(copy);
      throw std::runtime_error(std::string("log: fdopen failed: ") + std::strerror(errno));
    }
    ::setvbuf(file_, nullptr, _IOFBF, RequestLog::kBufferBytes);
  }
  ~BufferedFdSink() override { ::fclose(file_); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    ::fwrite(line.data(), 1, line.size(), file_);
  }
  void flush_() override { ::fflush(file_); }

 private:
  std::FILE* file_ = nullptr;
};

std::atomic<spdlog::logger*> g_requests{nullptr};  // set while a RequestLog exists

}  // namespace

RequestLog::RequestLog(int fd, std::chrono::milliseconds flush_period) {
  TENDER_ASSERT(flush_period.count() > 0, "log_flush_period_positive", "{} ms", flush_period.count());
  auto sink = std::make_shared<BufferedFdSink>(fd);
  requests_ = std::make_shared<spdlog::logger>("requests", sink);
  requests_->flush_on(spdlog::level::off);  // only the flusher writes request lines
  auto immediate = std::make_shared<spdlog::logger>("tender", sink);  // kept by spdlog as the default
  immediate->flush_on(spdlog::level::trace);
  spdlog::logger* expected = nullptr;
  TENDER_ASSERT(g_requests.compare_exchange_strong(expected, requests_.get()), "one_request_log",
                "a second RequestLog was installed");
  spdlog::set_default_logger(std::move(immediate));
  flusher_ = std::thread([this, flush_period] { flush_periodically(flush_period); });
}

RequestLog::~RequestLog() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  flusher_.join();
  g_requests.store(nullptr);
  requests_->flush();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("tender", std::make_shared<spdlog::sinks::stderr_sink_mt>()));
}

void RequestLog::flush_periodically(std::chrono::milliseconds period) {
  std::unique_lock lock(stop_mutex_);
  while (!stop_changed_.wait_for(lock, period, [this] { return stopping_; })) requests_->flush();
}

void RequestLog::request(std::string_view remote_ip, std::string_view method, std::string_view path, unsigned status) {
  spdlog::logger* requests = g_requests.load(std::memory_order_acquire);
  if (!requests) requests = spdlog::default_logger_raw();
  requests->info("{} {} {} {}", remote_ip, method, path, status);
}

}  // namespace tender::app
