#pragma once
// The HTTP/1.1 server (Boost.Beast on Asio). Sockets are served by a few I/O threads; handlers
// run on a separate bounded worker pool because they may block on a durable commit, and a
// blocked I/O thread would stall every connection it serves. Handlers declared never to wait
// (ServerOptions::never_waits) run on the I/O thread itself.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace tender::http {

using Handler = std::function<Response(Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;            // 0: pick a free port (see Server::port())
  std::size_t io_threads = 2;
  std::size_t worker_threads = 64;      // concurrent handlers; group commit batches their writes
  std::size_t max_body_bytes = 1 << 20; // larger bodies get 413
  std::size_t max_header_bytes = 16 << 10;
  std::size_t max_connections = 4096;
  // Per client address, so that one client cannot hold every connection; 0: no limit.
  std::size_t max_connections_per_client = 1024;
  std::uint32_t idle_timeout_ms = 30000;
  // The 413 for a body over max_body_bytes, from the request line and headers only (the body is
  // not read): lets the application answer in the format of the API the path belongs to. Unset:
  // a fixed JSON error.
  std::function<Response(const Request&)> body_too_large;
  // Requests whose handler never waits (a read answered from a snapshot): they are handled on the
  // I/O thread that read them, without the two hand-offs to the worker pool and back, which cost
  // more than the handler itself. Unset: every request goes to the pool.
  std::function<bool(const Request&)> never_waits;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws with a clear message if the address is taken.
  void start();
  std::uint16_t port() const;
  // Blocks until stop() is called (e.g. from a signal), then finishes in-flight requests.
  void wait();
  void stop();

 struct Impl;  // public so that the connection sessions in server.cpp can reach it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tender::http
