#pragma once
// How a route's handler waits, which decides where the server runs it (http/server.hpp).

namespace tender::http {

enum class Wait {
  // May block its thread (a PostgreSQL round trip, libcurl, a password hash): the worker pool.
  may,
  // Every wait is a util::Wakeup (the SQLite store's commit and reader pool, the acquirer's answer,
  // a SuspendingMutex): run as a fiber on the I/O thread that read the request, which suspends
  // where a thread would block (util/fiber.hpp). No hand-off to a pool thread and back.
  suspends,
  // Never waits (a snapshot read, memory): run on the I/O thread directly.
  never,
};

}  // namespace tender::http
