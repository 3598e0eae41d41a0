// http/server.cpp: a handler declared never to wait is answered on the I/O thread, so it is
// answered even while every worker is blocked (here: the only worker waits on a latch); handlers
// whose waits suspend run as fibers on the I/O thread, and one suspended does not hold up the
// others on the same thread.
#include "http/server.hpp"
#include "util/fiber.hpp"
#include "util/wakeup.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <atomic>
#include <future>
#include <optional>
#include <thread>

namespace tender::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(ioc_) {
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void send(const std::string& path) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, path, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    bhttp::write(stream_, req);
  }
  // The answer, or nullopt when none came within `timeout` (the connection is then closed).
  std::optional<bhttp::response<bhttp::string_body>> receive(std::chrono::milliseconds timeout) {
    bhttp::response<bhttp::string_body> res;
    beast::error_code result;
    stream_.expires_after(timeout);  // applies to asynchronous operations only
    bhttp::async_read(stream_, buffer_, res, [&](beast::error_code ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    if (result) return std::nullopt;
    return res;
  }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

TEST(Server, AHandlerThatNeverWaitsIsAnsweredWhileEveryWorkerIsBusy) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> blocking;  // set once the worker is inside the blocking handler
  ServerOptions options;
  options.port = 0;
  options.worker_threads = 1;
  options.wait_of = [](const Request& r) { return r.path == "/quick" ? Wait::never : Wait::may; };
  Server server(options, [&](Request& r) -> Response {
    if (r.path == "/block") {
      blocking.set_value();
      released.wait();
      return Response{200, "text/plain", "blocked", {}};
    }
    return Response{200, "text/plain", "quick", {}};
  });
  server.start();
  std::thread serving([&] { server.wait(); });

  Client slow(server.port());
  slow.send("/block");
  blocking.get_future().wait();  // the only worker is now taken

  Client quick(server.port());
  quick.send("/quick");
  auto answer = quick.receive(std::chrono::seconds(5));
  release.set_value();  // before any assertion can return, so the worker and the server can stop
  ASSERT_TRUE(answer) << "answered while the only worker is blocked";
  EXPECT_EQ(answer->result_int(), 200);
  EXPECT_EQ(answer->body(), "quick");
  auto late = slow.receive(std::chrono::seconds(5));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->body(), "blocked");
  server.stop();
  serving.join();
}

TEST(Server, EveryOtherRequestWaitsForAWorker) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> blocking;
  ServerOptions options;
  options.port = 0;
  options.worker_threads = 1;
  Server server(options, [&](Request& r) -> Response {
    if (r.path == "/block") {
      blocking.set_value();
      released.wait();
    }
    return Response{200, "text/plain", r.path, {}};
  });
  server.start();
  std::thread serving([&] { server.wait(); });

  Client slow(server.port());
  slow.send("/block");
  blocking.get_future().wait();
  Client other(server.port());
  other.send("/quick");
  const bool answered = other.receive(std::chrono::milliseconds(300)).has_value();
  release.set_value();
  EXPECT_FALSE(answered) << "no wait_of: /quick queues behind the blocked worker";
  auto late = slow.receive(std::chrono::seconds(5));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->body(), "/block");
  server.stop();
  serving.join();
}

TEST(Server, SuspendingHandlersRunAsFibersOnTheIoThreadAndWaitWithoutBlockingIt) {
  // One I/O thread, no worker free: /wait suspends until /signal runs, which can only happen on
  // that same thread while /wait is suspended.
  util::Wakeup signalled;
  std::atomic<bool> waiting_started{false};
  std::atomic<bool> in_fiber{true};
  std::thread::id io_thread;
  ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 1;
  options.wait_of = [](const Request&) { return Wait::suspends; };
  Server server(options, [&](Request& r) -> Response {
    if (util::Fiber::current() == nullptr) in_fiber = false;
    if (r.path == "/wait") {
      io_thread = std::this_thread::get_id();
      waiting_started = true;
      signalled.wait();
      EXPECT_EQ(std::this_thread::get_id(), io_thread) << "a fiber resumes on its own thread";
    } else {
      signalled.signal();
    }
    return Response{200, "text/plain", r.path, {}};
  });
  server.start();
  std::thread serving([&] { server.wait(); });

  Client waiting(server.port());
  waiting.send("/wait");
  while (!waiting_started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Client signalling(server.port());
  signalling.send("/signal");
  auto first = signalling.receive(std::chrono::seconds(5));
  auto second = waiting.receive(std::chrono::seconds(5));
  ASSERT_TRUE(first) << "answered while /wait is suspended on the only I/O thread";
  EXPECT_EQ(first->body(), "/signal");
  ASSERT_TRUE(second) << "the suspended handler resumed after the signal";
  EXPECT_EQ(second->body(), "/wait");
  EXPECT_TRUE(in_fiber) << "both handlers ran as fibers";
  // The answer can reach the client while its fiber is still returning (the write starts inside it).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (util::Fiber::alive() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(util::Fiber::alive(), 0u) << "both fibers ended";
  server.stop();
  serving.join();
}

TEST(Server, PastTheFiberLimitASuspendingHandlerRunsOnTheWorkerPool) {
  util::Wakeup signalled;
  std::atomic<int> on_threads{0};
  ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.max_fibers = 1;
  options.wait_of = [](const Request&) { return Wait::suspends; };
  Server server(options, [&](Request& r) -> Response {
    if (r.path == "/wait") {
      signalled.wait();  // the first request, as the only fiber
    } else {
      if (util::Fiber::current() == nullptr) ++on_threads;
      signalled.signal();
    }
    return Response{200, "text/plain", r.path, {}};
  });
  server.start();
  std::thread serving([&] { server.wait(); });
  Client waiting(server.port());
  waiting.send("/wait");
  while (util::Fiber::alive() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Client other(server.port());
  other.send("/signal");
  auto first = other.receive(std::chrono::seconds(5));
  auto second = waiting.receive(std::chrono::seconds(5));
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(on_threads.load(), 1) << "the second handler found the one fiber slot taken";
  server.stop();
  serving.join();
}

}  // namespace
}  // namespace tender::http
