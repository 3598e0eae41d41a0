#include "http/server.hpp"

#include "http/client_connections.hpp"

#include "http/descriptor_limit.hpp"
#include "http/request_head.hpp"
#include "util/fiber.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <spdlog/spdlog.h>
#include <thread>
#include <vector>

namespace tender::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string json_error(std::string_view message) {
  // Fixed texts only: these bodies are produced before any dialect sees the request.
  // Collect's shape (api/collect/collect_errors.hpp): the dialect that answers for every path.
  return std::string(R"({"__all__":[{"message":")") + std::string(message) + R"(","code":"bad_request"}]})";
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  // Before the I/O context: sessions it destroys at shutdown still count themselves out of these.
  ClientConnections clients;
  std::atomic<std::size_t> connections{0};
  // One event loop per I/O thread: a connection, and the fibers its requests run as, stay on the
  // thread that accepted it (a fiber must never move to another thread).
  struct IoThread {
    asio::io_context ioc{1};
    // Keeps the thread running while every connection is inside a handler (no pending I/O), so
    // that responses finished during shutdown are still written.
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
    std::thread thread;
  };
  std::vector<std::unique_ptr<IoThread>> io;  // io[0] also runs the acceptor
  std::size_t next_io = 0;                    // round robin, on io[0]'s thread only
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::thread_pool> workers;
  std::atomic<std::size_t> fibers{0};  // handlers running as fibers now (ServerOptions::max_fibers)
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> in_flight{0};
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  std::uint16_t bound_port = 0;
  // After accept() failed for want of descriptors or memory: wait, then try again, instead of
  // spinning on an error that the next call will return too.
  std::optional<asio::steady_timer> accept_retry;
  std::chrono::milliseconds accept_backoff{0};
  std::size_t accept_errors_unlogged = 0;
  std::chrono::steady_clock::time_point accept_error_logged{};

  void accept();
  void accept_failed(const beast::error_code& ec);
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  // The read buffer must hold a whole header block, or a header under the limit would fail as
  // a buffer overflow instead of being read (and one over it would not get its 431).
  // `client`: the peer address, already admitted by server.clients.
  Session(tcp::socket socket, Server::Impl& server, std::string client)
      : stream_(std::move(socket)), server_(server), client_(std::move(client)),
        buffer_(server.options.max_header_bytes + kReadSlack) {
    server_.connections.fetch_add(1);
  }
  ~Session() {
    server_.clients.release(client_);
    server_.connections.fetch_sub(1);
  }

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    limit_parser(*parser_, server_.options);
    stream_.expires_after(std::chrono::milliseconds(server_.options.idle_timeout_ms));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return close();
    }
    if (ec == bhttp::error::body_limit) return reply_and_close(body_too_large());
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      return reply_and_close(431, json_error("Request headers are larger than the limit."));
    }
    if (ec) {
      return reply_and_close(400, json_error("Malformed HTTP request."));
    }
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    Request request;
    request.received_at = std::chrono::steady_clock::now();
    if (!read_head(message, request)) {
      return reply_and_close(400, json_error("Malformed request target."));
    }
    request.body = std::move(message.body());
    beast::error_code ep_ec;
    auto endpoint = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) request.remote_ip = endpoint.address().to_string();
    head_only_ = request.method == "HEAD";

    server_.in_flight.fetch_add(1);
    stream_.expires_never();
    const Wait wait = server_.options.wait_of ? server_.options.wait_of(request) : Wait::may;
    if (wait == Wait::never) return write(handle(request));  // on this I/O thread
    if (wait == Wait::suspends) {
      if (server_.fibers.fetch_add(1) < server_.options.max_fibers) {
        util::Fiber::start(stream_.get_executor(), [self = shared_from_this(), request = std::move(request)]() mutable {
          Response response = self->handle(request);
          self->server_.fibers.fetch_sub(1);
          self->write(std::move(response));
        });
        return;
      }
      server_.fibers.fetch_sub(1);  // as many fibers as allowed: the pool takes this one
    }
    asio::post(*server_.workers, [self = shared_from_this(), request = std::move(request)]() mutable {
      Response response = self->handle(request);
      asio::post(self->stream_.get_executor(),
                 [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
    });
  }

  Response handle(Request& request) {
    try {
      return server_.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("handler failed: {} {}: {}", request.method, request.path, e.what());
    } catch (...) {
      spdlog::error("handler failed: {} {}: not a std::exception", request.method, request.path);
    }
    return Response{500, "application/json", json_error("Internal error."), {}};
  }

  void write(Response response) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    message->set(bhttp::field::server, "tender");
    message->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message->insert(name, value);
    message->body() = std::move(response.body);
    bool keep = keep_alive_ && !server_.draining.load();
    message->keep_alive(keep);
    message->prepare_payload();
    if (head_only_) message->body().clear();
    stream_.expires_after(std::chrono::milliseconds(server_.options.idle_timeout_ms));
    bhttp::async_write(stream_, *message, [self = shared_from_this(), message, keep](beast::error_code ec, std::size_t) {
      self->server_.in_flight.fetch_sub(1);
      if (ec) return self->close();
      if (!keep) return self->linger_close();
      self->read();
    });
  }

  void reply_and_close(int status, std::string body) {
    reply_and_close(Response{status, "application/json", std::move(body), {}});
  }

  void reply_and_close(Response response) {
    server_.in_flight.fetch_add(1);
    keep_alive_ = false;
    write(std::move(response));
  }

  // Only the request line and headers were read; the handler renders from those alone.
  Response body_too_large() {
    const auto& head = parser_->get();
    Request request;
    if (server_.options.body_too_large && read_head(head, request)) {
      try {
        return server_.options.body_too_large(request);
      } catch (const std::exception& e) {
        spdlog::error("body_too_large handler failed: {}", e.what());
      }
    }
    return Response{413, "application/json", json_error("Request body is larger than the limit."), {}};
  }

  // Ends a connection on which the client may still be sending (a refused oversized body, a
  // malformed request): closing a socket with unread input makes the kernel send a reset, and a
  // reset can destroy our error response in the client's receive buffer before it is read. So we
  // half-close, then read and discard what the client still sends, bounded in bytes and time,
  // the way nginx's lingering close does.
  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    linger_left_ = kLingerMaxBytes;
    buffer_.consume(buffer_.size());  // what the parser left unread is discarded too
    stream_.expires_after(kLingerTime);
    drain();
  }

  void drain() {
    // The session's read buffer is reused: no connection carries a drain buffer it rarely needs.
    stream_.async_read_some(buffer_.prepare(buffer_.max_size()),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec || n >= self->linger_left_) return self->close();
                              self->linger_left_ -= n;
                              self->drain();
                            });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  std::string client_;
  static constexpr std::size_t kReadSlack = 8192;  // room for body bytes read with the headers
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  bool keep_alive_ = false;
  bool head_only_ = false;
  static constexpr std::size_t kLingerMaxBytes = 8 << 20;
  static constexpr std::chrono::seconds kLingerTime{2};
  std::size_t linger_left_ = 0;
};

}  // namespace

void Server::Impl::accept_failed(const beast::error_code& ec) {
  // One line a second at most, with how many were not logged.
  const auto now = std::chrono::steady_clock::now();
  if (now - accept_error_logged >= std::chrono::seconds(1)) {
    spdlog::warn("accept failed: {} ({} more since the last report); retrying in {} ms", ec.message(),
                 accept_errors_unlogged, accept_backoff.count());
    accept_error_logged = now;
    accept_errors_unlogged = 0;
  } else {
    ++accept_errors_unlogged;
  }
  constexpr std::chrono::milliseconds kFirst{10}, kMost{1000};
  accept_backoff = std::min(kMost, accept_backoff.count() == 0 ? kFirst : accept_backoff * 2);
  if (!accept_retry) accept_retry.emplace(io.front()->ioc);
  accept_retry->expires_after(accept_backoff);
  accept_retry->async_wait([this](beast::error_code wait_ec) {
    if (!wait_ec && !draining.load()) accept();
  });
}

void Server::Impl::accept() {
  IoThread& next = *io[next_io];
  next_io = (next_io + 1) % io.size();
  acceptor->async_accept(next.ioc, [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
      return accept_failed(ec);
    }
    accept_backoff = std::chrono::milliseconds(0);
    beast::error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    std::string client = peer_ec ? std::string() : peer.address().to_string();
    if (connections.load() >= options.max_connections || peer_ec || !clients.admit(client)) {
      // Over the connection limit, or this client's: refuse rather than queue without bound.
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      // Started on the socket's own thread, where all of the session's work then runs.
      auto executor = socket.get_executor();
      asio::post(executor, [session = std::make_shared<Session>(std::move(socket), *this, std::move(client))] {
        session->start();
      });
    }
    if (!draining.load()) accept();
  });
}

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() {
  stop();
  wait();
}

void Server::start() {
  auto& s = *impl_;
  const std::size_t configured = s.options.max_connections;
  s.options.max_connections = connection_cap(configured, raise_descriptor_limit());
  s.clients.set_limit(s.options.max_connections_per_client);
  if (s.options.max_connections < configured)
    spdlog::warn("at most {} connections: the file descriptor limit leaves no room for {}", s.options.max_connections,
                 configured);
  s.workers.emplace(s.options.worker_threads);
  const std::size_t io_count = std::max<std::size_t>(1, s.options.io_threads);
  for (std::size_t i = 0; i < io_count; ++i) s.io.push_back(std::make_unique<Impl::IoThread>());
  s.acceptor.emplace(s.io.front()->ioc);
  beast::error_code ec;
  auto address = asio::ip::make_address(s.options.host, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + s.options.host + "'");
  tcp::endpoint endpoint{address, s.options.port};
  s.acceptor->open(endpoint.protocol());
  s.acceptor->set_option(asio::socket_base::reuse_address(true));
  s.acceptor->bind(endpoint, ec);
  if (ec) throw std::runtime_error("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) + ": " + ec.message());
  s.acceptor->listen(asio::socket_base::max_listen_connections);
  s.bound_port = s.acceptor->local_endpoint().port();
  s.accept();
  for (auto& io : s.io) {
    io->keep_running.emplace(asio::make_work_guard(io->ioc));
    io->thread = std::thread([&ioc = io->ioc] { ioc.run(); });
  }
}

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  impl_->stop_requested = true;
  impl_->stop_cv.notify_all();
}

void Server::wait() {
  auto& s = *impl_;
  {
    std::unique_lock lock(s.stop_mutex);
    s.stop_cv.wait(lock, [&] { return s.stop_requested; });
  }
  if (s.io.empty() || !s.io.front()->thread.joinable()) return;
  s.draining = true;
  asio::post(s.io.front()->ioc, [&s] {
    beast::error_code ec;
    s.acceptor->close(ec);
  });
  // Finish what is in flight (bounded), then drop idle keep-alive connections. A fiber is waited
  // for however long it takes: its stack is on an I/O thread's event loop, which must outlive it,
  // and every one of its waits is bounded (a commit, the acquirer's wait, the reader pool's).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((s.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) || s.fibers.load() > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  s.workers->join();
  for (auto& io : s.io) {
    io->keep_running.reset();
    io->ioc.stop();
  }
  for (auto& io : s.io) io->thread.join();
}

}  // namespace tender::http
