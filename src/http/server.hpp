#pragma once
// The HTTP/1.1 server (Boost.Beast on Asio). Sockets are served by a few I/O threads, each with
// its own event loop (a connection stays on the thread that accepted it). Where a handler runs
// depends on how it waits (ServerOptions::wait_of, http/wait.hpp): one that may block its thread
// runs on a separate bounded worker pool, since a blocked I/O thread would stall every connection
// it serves; one whose waits all suspend runs as a fiber on the I/O thread (util/fiber.hpp); one
// that never waits runs on the I/O thread directly.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/wait.hpp"

namespace tender::http {

using Handler = std::function<Response(Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;            // 0: pick a free port (see Server::port())
  std::size_t io_threads = 2;
  std::size_t worker_threads = 64;      // concurrent handlers on the pool; group commit batches their writes
  // Handlers run as fibers at once, over all I/O threads; a request past it waits for one to end.
  std::size_t max_fibers = 256;
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
  // How each request's handler waits. Wait::never and Wait::suspends are handled on the I/O thread
  // that read them, without the two hand-offs to the worker pool and back, which cost more than
  // most handlers. Unset: every request goes to the pool.
  std::function<Wait(const Request&)> wait_of;
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
