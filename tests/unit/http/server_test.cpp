// http/server.cpp: a handler declared never to wait is answered on the I/O thread, so it is
// answered even while every worker is blocked (here: the only worker waits on a latch).
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
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
  options.never_waits = [](const Request& r) { return r.path == "/quick"; };
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
  EXPECT_FALSE(answered) << "no never_waits predicate: /quick queues behind the blocked worker";
  auto late = slow.receive(std::chrono::seconds(5));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->body(), "/block");
  server.stop();
  serving.join();
}

}  // namespace
}  // namespace tender::http
