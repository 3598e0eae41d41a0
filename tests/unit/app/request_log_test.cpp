// RequestLog (app/request_log.cpp): request lines are buffered and written by the flusher, any
// other line is written at once after the request lines before it, and nothing is lost at the end.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "app/request_log.hpp"

namespace tender::app {
namespace {

using namespace std::chrono_literals;

// A pipe standing in for standard error; reads what has been written so far without waiting.
class Pipe {
 public:
  Pipe() {
    EXPECT_EQ(::pipe(fds_), 0);
    ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
  }
  ~Pipe() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int writer() const { return fds_[1]; }
  std::string written() {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds_[0], buf, sizeof buf)) > 0) text_.append(buf, static_cast<std::size_t>(n));
    return text_;
  }
  // Waits (up to 30 s, a bound for a loaded machine, not a timing claim) until something is written.
  std::string written_eventually() {
    for (int i = 0; i < 3000 && written().empty(); ++i) {
      pollfd p{fds_[0], POLLIN, 0};
      ::poll(&p, 1, 10);
    }
    return written();
  }

 private:
  int fds_[2];
  std::string text_;
};

TEST(RequestLog, RequestLinesWaitForTheFlusherAndADiagnosticWritesThemInOrder) {
  Pipe pipe;
  {
    RequestLog log(pipe.writer(), std::chrono::hours(1));  // the flusher never comes in this test
    RequestLog::request("203.0.113.7", "GET", "/healthz", 200);
    RequestLog::request("203.0.113.7", "POST", "/api/v1/purchases/", 201);
    EXPECT_EQ(pipe.written(), "") << "a request line cost a write(2)";

    spdlog::warn("something to look at");
    std::string text = pipe.written();
    auto first = text.find("203.0.113.7 GET /healthz 200");
    auto second = text.find("203.0.113.7 POST /api/v1/purchases/ 201");
    auto diagnostic = text.find("something to look at");
    ASSERT_NE(first, std::string::npos) << text;
    ASSERT_NE(second, std::string::npos) << text;
    ASSERT_NE(diagnostic, std::string::npos) << text;
    EXPECT_LT(first, second);
    EXPECT_LT(second, diagnostic);

    spdlog::info("tender listening");  // not a request line: written at once too
    EXPECT_NE(pipe.written().find("tender listening"), std::string::npos);

    RequestLog::request("203.0.113.7", "GET", "/last", 404);
  }
  EXPECT_NE(pipe.written().find("GET /last 404"), std::string::npos) << "the end wrote what was buffered";
}

TEST(RequestLog, TheFlusherWritesRequestLinesWithoutADiagnostic) {
  Pipe pipe;
  RequestLog log(pipe.writer(), 5ms);
  RequestLog::request("198.51.100.1", "GET", "/healthz", 200);
  EXPECT_NE(pipe.written_eventually().find("198.51.100.1 GET /healthz 200"), std::string::npos);
}

}  // namespace
}  // namespace tender::app
