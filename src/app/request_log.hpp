#pragma once
// The server's log on standard error, in two streams through one buffered writer:
//   - one line per request, buffered and written every flush period (20 ms) or when the buffer
//     (64 KiB) fills: a write(2) per request cost every request a system call, and handing each
//     line to a logging thread cost a thread wake-up per request (12 % of a GET's CPU in perf);
//   - every other line (start, stop, warnings, errors), written at once together with the request
//     lines buffered before it, so the log stays in order and a diagnostic is never held back.
// What a kill -9 can lose is at most one flush period of request lines; nothing is lost on a
// clean stop or an assertion failure (its line is a diagnostic, which writes the buffer).
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

namespace spdlog {
class logger;
}

namespace tender::app {

class RequestLog {
 public:
  static constexpr std::chrono::milliseconds kFlushPeriod{20};
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  // Installs both streams on `fd` (a duplicate of it; standard error in the server): the default
  // spdlog logger becomes the immediate one. One RequestLog at a time.
  explicit RequestLog(int fd, std::chrono::milliseconds flush_period = kFlushPeriod);
  ~RequestLog();  // writes what is buffered and puts back a plain standard-error logger
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // One request's line, from any thread: never its body or query string (card data). Without a
  // RequestLog (tests, tools), through the default logger.
  static void request(std::string_view remote_ip, std::string_view method, std::string_view path, unsigned status);

 private:
  void flush_periodically(std::chrono::milliseconds period);

  std::shared_ptr<spdlog::logger> requests_;
  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace tender::app
